/** Errors are values with a type; each type maps to one exit code (README "Exit codes"). */

export type ConfigPath = ReadonlyArray<string | number>;

/** `stepFunctions.stateMachines.hello.definition.States.Foo.Next`, indices as `[0]`. */
export function formatPath(path: ConfigPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  message: string;
  /** Path in the config, e.g. ['stepFunctions', 'stateMachines', 'hello', 'definition']. */
  path?: ConfigPath;
  file?: string;
  line?: number;
  column?: number;
  hint?: string;
  /** Stable machine-readable code, e.g. `unknown-key`, `yaml-syntax`. */
  code?: string;
}

export const ExitCode = {
  ok: 0,
  user: 1,
  usage: 2,
  aws: 3,
  executionFailed: 4,
  executionTimedOut: 5,
  executionAborted: 6,
  approval: 7,
  interrupted: 130,
} as const;

export abstract class StepfError extends Error {
  abstract readonly exitCode: number;
}

/** The config or input is wrong; nothing was sent to AWS. Carries one or more diagnostics. */
export class UserError extends StepfError {
  readonly exitCode = ExitCode.user;
  readonly diagnostics: Diagnostic[];
  /** Warnings found before the error, shown with it (a template refused for its size still lists them). */
  readonly warnings: Diagnostic[];
  constructor(diagnostics: Diagnostic | Diagnostic[], warnings: Diagnostic[] = []) {
    const list = Array.isArray(diagnostics) ? diagnostics : [diagnostics];
    super(list.map((d) => d.message).join('\n'));
    this.name = 'UserError';
    this.diagnostics = list;
    this.warnings = warnings;
  }
}

/** Shorthand for a single-diagnostic UserError. */
export function userError(message: string, extra: Omit<Diagnostic, 'severity' | 'message'> = {}): UserError {
  return new UserError({ severity: 'error', message, ...extra });
}

export class UsageError extends StepfError {
  readonly exitCode = ExitCode.usage;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** AWS refused or failed. `operation` is the API call, `hint` says what to do next. */
export class AwsError extends StepfError {
  readonly exitCode = ExitCode.aws;
  constructor(message: string, readonly operation?: string, readonly hint?: string) {
    super(message);
    this.name = 'AwsError';
  }
}

export type ExecutionEnd = 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export class ExecutionError extends StepfError {
  readonly exitCode: number;
  constructor(readonly status: ExecutionEnd, message: string) {
    super(message);
    this.name = 'ExecutionError';
    this.exitCode =
      status === 'FAILED' ? ExitCode.executionFailed : status === 'TIMED_OUT' ? ExitCode.executionTimedOut : ExitCode.executionAborted;
  }
}

export class ApprovalRequired extends StepfError {
  readonly exitCode = ExitCode.approval;
  constructor(message: string, readonly hint?: string) {
    super(message);
    this.name = 'ApprovalRequired';
  }
}

export class Interrupted extends StepfError {
  readonly exitCode = ExitCode.interrupted;
  /** No message of its own yet: the command says what the interruption left (see aws/deploy/interrupted.ts). */
  readonly bare: boolean;
  constructor(message?: string) {
    super(message ?? 'interrupted');
    this.name = 'Interrupted';
    this.bare = message === undefined;
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof StepfError) return err.exitCode;
  return 1;
}

/** The stable code of an error's kind, in `--json` error documents (README "Exit codes"). */
export function errorCode(err: unknown): string {
  if (err instanceof UserError) return 'bad-input';
  if (err instanceof UsageError) return 'usage';
  if (err instanceof AwsError) return 'aws';
  if (err instanceof ApprovalRequired) return 'approval-required';
  if (err instanceof Interrupted) return 'interrupted';
  return 'bug';
}

export const EXIT_CODE_TABLE = `Exit codes:
  0    success (an up-to-date deploy included; also a deploy or remove answered no)
  1    the config or input is wrong; nothing was sent to AWS
  2    usage: unknown command or flag, missing argument
  3    AWS refused or failed (credentials, access, throttling after retries, a failed deploy)
  4    an execution ended FAILED (stepf test: a case failed, or coverage is below --min-coverage)
  5    an execution ended TIMED_OUT
  6    an execution ended ABORTED
  7    stopped for approval: a change that needs --yes, with no terminal to ask in
  130  interrupted`;
