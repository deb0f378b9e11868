import { Option, type Command } from 'commander';

/** The options every command that reads serverless.yml takes. */
export function withConfigOptions(cmd: Command): Command {
  return cmd
    .option('-s, --stage <stage>', 'stage (default: provider.stage, else dev)')
    .option('-r, --region <region>', 'region (default: provider.region, else the AWS SDK region, else us-east-1)')
    .option('-c, --config <path>', 'config file (default: serverless.yml, serverless.yaml or serverless.json)')
    .addOption(new Option('--param <key=value...>', 'a value for ${param:key}; repeatable'))
    .option('--verbose', 'more detail, stack traces on errors')
    .allowUnknownOption(false);
}

/** `--param a=b --param c=d` → {a: 'b', c: 'd'} */
export function parseParams(list: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq > 0) out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}
