/** What every command passes down the pipeline instead of global state. */
export interface CommandOptions {
  stage?: string;
  region?: string;
  config?: string;
  stackName?: string;
  /** Any other `--key value` option, readable as `${opt:key}`. */
  extra: Record<string, string | boolean>;
}
