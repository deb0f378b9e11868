// The flags commands share, and the parsing of flag values. Loaded at start-up: keep it free of heavy imports.
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseLimits, type Limits } from '../config/limits.js';

/** The flags every command that reads serverless.yml takes. */
export interface ConfigFlags {
  stage?: string;
  region?: string;
  config?: string;
  param?: string[];
  verbose?: boolean;
  bound?: string[];
  allowFile?: string[];
  /** package, deploy, diff: what published versions say (default: the git commit). */
  description?: string;
}

/** The flags of commands that talk to AWS. */
export interface AwsCommandFlags extends ConfigFlags {
  profile?: string;
  stackName?: string;
  json?: boolean;
  yes?: boolean;
  waitTimeout?: string;
  roleArn?: string;
}

/** Commands that act on one deployed machine: a key, or --arn. */
export interface TargetFlags extends AwsCommandFlags {
  arn?: string;
}

/** The options every command that reads serverless.yml takes. */
export function withConfigOptions(cmd: Command): Command {
  return cmd
    .option('-s, --stage <stage>', 'stage (default: provider.stage, else dev)')
    .option('-r, --region <region>', 'region (default: provider.region, else the AWS SDK region, else us-east-1)')
    .option('-c, --config <path>', 'config file (default: serverless.yml, .yaml, .json, .js, .ts, .cjs or .mjs, the first found)')
    .addOption(new Option('--param <key=value...>', 'a value for ${param:key}; repeatable'))
    .addOption(new Option('--bound <name=n...>', 'raise a bound on the work the config may cause (README "Bounds"); repeatable'))
    .addOption(new Option('--allow-file <path...>', 'let ${file()} read this file or folder (outside the service, or a secret location); repeatable'))
    .option('--verbose', 'more detail, stack traces on errors')
    .allowUnknownOption(false);
}

/** package, deploy and diff: the template they build carries the versions' description. */
export function withDescriptionOption(cmd: Command): Command {
  return cmd.option('--description <text>', 'what the state machine versions this deploy publishes say (versions: true; default: the git commit, "<hash> <subject>")');
}

/** Options shared by the commands that talk to AWS. */
export function withAwsOptions(cmd: Command): Command {
  return withConfigOptions(cmd)
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE, else provider.profile, else the SDK default chain)')
    .option('--stack-name <name>', 'stack name (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .option('--json', 'print the result as JSON on stdout (progress goes to stderr)');
}

/** How every command that reads serverless.yml reads it: the flags of withConfigOptions, for packageService. */
export function configInput(flags: ConfigFlags): {
  cwd: string;
  stage?: string;
  region?: string;
  config?: string;
  params: Record<string, string>;
  limits: Limits;
  allowFiles?: string[];
  versionDescription: () => Promise<string | undefined>;
} {
  const cwd = process.cwd();
  return {
    cwd,
    stage: flags.stage,
    region: flags.region,
    config: flags.config,
    params: parseParams(flags.param),
    limits: parseLimits(flags.bound),
    allowFiles: flags.allowFile,
    // Asked only when a machine has `versions: true`, so other services never start git.
    versionDescription: async () => flags.description ?? (await import('./version-description.js')).gitCommitDescription(cwd),
  };
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

export const DEFAULT_WAIT_MS = 30 * 60_000;

/** `30m`, `90s`, `1h`, or a bare number of minutes. */
export function parseDuration(text: string | undefined, fallbackMs: number): number {
  if (text === undefined) return fallbackMs;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--wait-timeout ${text}: not a duration`, 'write it like 30m, 90s or 1h');
  const n = Number(m[1]);
  const unit = m[2] ?? 'm';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

/** `90s`, `10m`, `1h`, `500ms` (a bare number is minutes), or a UsageError naming the flag. */
export function durationFlag(flag: string, text: string): number {
  try {
    return parseDuration(text, 0);
  } catch {
    throw new UsageError(`${flag} ${text}: not a duration`, 'write it like 90s, 10m or 1h');
  }
}

/** `--since 15m` or an ISO time → epoch ms. */
export function sinceTime(text: string | undefined, now: number): number {
  if (text === undefined) return now - 3_600_000;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isNaN(t)) throw new UsageError(`--since ${text}: not a time`, 'write it like 2024-05-01T10:00:00Z, or a duration like 15m');
    return t;
  }
  return now - durationFlag('--since', text);
}
