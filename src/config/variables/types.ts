import type { ConfigPath } from '../../errors.js';
import type { Budget } from '../limits.js';
import type { LoadedFile } from '../load.js';
import type { FileAccess } from './file-access.js';
import type { Position } from '../locate.js';

export type Path = Array<string | number>;

/** ssm/cf/s3 through the AWS SDK; implemented by the deploy side. */
export interface RemoteSources {
  ssm?(name: string, opts: { decrypt: boolean; region: string }): Promise<unknown>;
  cf?(stackName: string, outputKey: string, region: string): Promise<unknown>;
  s3?(bucket: string, key: string): Promise<unknown>;
}

export type CliOptions = Record<string, string | boolean | undefined>;

/**
 * Where a value is written. A value reached through `${file(...)}` is written in that file, so a
 * variable inside it is reported there: the file path of virtual path P is
 * `[...fileBase, ...P.slice(virtualBase)]`.
 */
export interface Origin {
  file: string;
  locate?: (path: ConfigPath) => Position | undefined;
  virtualBase: number;
  fileBase: Path;
}

/** A variable that cannot be resolved, or a source that refused; becomes a Diagnostic at the variable. */
export class VariableError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly hint?: string,
    /** Set when the failure comes from another place (a dependency); keeps its file/line. */
    readonly located?: { file?: string; line?: number; column?: number },
  ) {
    super(message);
    this.name = 'VariableError';
  }
}

/** What a source answers: a value, or null with the reason (so a fallback can take over). */
/** Where a source's value is written (the engine adds virtualBase: the path where the variable stands). */
export type SourceOrigin = Omit<Origin, 'virtualBase'>;

export type SourceOutcome =
  | { value: unknown; origin?: SourceOrigin }
  | { value: null; reason: string; hint?: string };

export interface SourceRequest {
  type: string;
  params: unknown[];
  address: string | undefined;
  /** The whole variable as written, for messages. */
  variable: string;
}

/** What a source may ask of the resolver; every call carries the dependency chain for cycle checks. */
export interface SourceContext {
  root: LoadedFile;
  options: CliOptions;
  cliParams: Record<string, string>;
  env: Record<string, string | undefined>;
  /** Set when `.env` files were loaded (for hints). */
  dotenvFile?: string;
  remote?: RemoteSources;
  instanceId: string;
  /** The bounds, and what this run has used of them. */
  budget: Budget;
  /** Which files `${file()}` may read. */
  access: FileAccess;
  /** A warning at the variable being resolved (once per message). */
  warn(message: string, code: string, hint?: string): void;
  /** Deep-resolves a config path; undefined when absent. Throws VariableError on a cycle or failure. */
  property(path: Path): Promise<{ value: unknown; missing?: string }>;
  /** Resolves `${<inner>}` as if written where the current variable stands. */
  variable(inner: string): Promise<unknown>;
  /** Resolves every variable in a string. */
  text(value: string): Promise<unknown>;
  stage(): Promise<string>;
  region(): Promise<string>;
  /** Per-resolver memo (parsed files, imported modules). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>;
  /** Notes an env variable that was looked up and missing (the dotenv conflict check). */
  missingEnv(name: string): void;
}

export type Source = (req: SourceRequest, ctx: SourceContext) => Promise<SourceOutcome> | SourceOutcome;
