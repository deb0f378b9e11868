/**
 * The Serverless-Framework-compatible variable resolver. Lazy: only the paths stepf asks for are
 * resolved (with whatever they reference), so a broken variable under `functions:` is never an error
 * unless stepf needs it. One module per source in sources/; the grammar is in parse.ts.
 */
import { userError, UserError, type Diagnostic } from '../../errors.js';
import { Budget } from '../limits.js';
import type { LoadedFile } from '../load.js';
import { loadDotenv } from './dotenv.js';
import { Engine, StrictFailure } from './engine.js';
import { fileAccess } from './file-access.js';
import type { CliOptions, Path, RemoteSources } from './types.js';

export type { RemoteSources } from './types.js';

export interface ResolverOptions {
  /** The main config file, already parsed. */
  root: LoadedFile;
  /** CLI options: stage, region, and any other --key value (→ ${opt:key}). */
  options: CliOptions;
  /** --param key=value (→ ${param:key}, wins over the params: block). */
  params?: Record<string, string>;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** ssm/cf/s3 through AWS; undefined = offline (those variables are an error). */
  remote?: RemoteSources;
  /** The bounds and what this run has used of them (default: the default bounds, a fresh count). */
  budget?: Budget;
  /** --allow-file: files or folders `${file()}` may read although they are outside the service or secret. */
  allowFiles?: string[];
}

export interface Resolver {
  /** --stage > provider.stage (itself resolved) > 'dev'. */
  readonly stage: string;
  /** --region > provider.region > the AWS SDK's region (AWS_REGION, the profile's config) > 'us-east-1'. */
  readonly region: string;
  /** Resolves the subtree at path strictly; any failure throws UserError listing every failure found. */
  get(path: Array<string | number>): Promise<unknown>;
  /** Resolves leniently: variables that cannot be resolved are left as written and reported. */
  getLenient(path: Array<string | number>): Promise<{ value: unknown; failures: Diagnostic[] }>;
  /** The value at path with the whole-value variables leading to it resolved, and nothing inside it (lenient). */
  shallow(path: Array<string | number>): Promise<{ value: unknown; failures: Diagnostic[] }>;
  /** Warnings so far (a `${file()}` outside the service folder), located at the variable. */
  warnings(): Diagnostic[];
  /** Every file read through ${file()} so far (absolute paths), including ones that did not exist. */
  filesRead(): string[];
  /** The file (and line) a config path's value was read from through `${file()}`; undefined for the main file. */
  locateIn(path: Array<string | number>): { file: string; line?: number; column?: number } | undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

async function strict<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StrictFailure) throw new UserError(err.failures);
    throw err;
  }
}

class LazyResolver implements Resolver {
  /** Public calls run one after another: resolution relies on being sequential to detect cycles. */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly engine: Engine,
    readonly stage: string,
    readonly region: string,
    /** The engine that read useDotenv and the stage before the .env files were loaded, if any. */
    private readonly first?: Engine,
  ) {}

  warnings(): Diagnostic[] {
    const all = this.first ? [...this.first.warnings, ...this.engine.warnings] : this.engine.warnings;
    return all.filter((d, i) => all.findIndex((e) => e.message === d.message) === i);
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }

  get(path: Path): Promise<unknown> {
    return this.serial(async () => {
      const r = await this.engine.deep(path);
      if (r.failures.length) throw new UserError(r.failures);
      return r.value;
    });
  }

  filesRead(): string[] {
    return this.engine.filesRead();
  }

  locateIn(path: Path): { file: string; line?: number; column?: number } | undefined {
    return this.engine.locateIn(path);
  }

  getLenient(path: Path): Promise<{ value: unknown; failures: Diagnostic[] }> {
    return this.serial(async () => {
      const r = await this.engine.deep(path);
      return { value: r.value, failures: r.failures };
    });
  }

  shallow(path: Path): Promise<{ value: unknown; failures: Diagnostic[] }> {
    return this.serial(async () => {
      const r = await this.engine.shallow(path);
      return { value: r.value, failures: r.failures };
    });
  }
}

export async function createResolver(opts: ResolverOptions): Promise<Resolver> {
  const baseEnv = opts.env ?? process.env;
  // ${sls:instanceId}: unique per run, like the Serverless Framework's; no crypto import at start-up.
  const instanceId = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
  const budget = opts.budget ?? new Budget();
  const access = fileAccess(opts.root.dir, opts.allowFiles);
  const make = (env: Record<string, string | undefined>, dotenvFile?: string) =>
    new Engine({ root: opts.root, options: opts.options, cliParams: opts.params ?? {}, env, dotenvFile, remote: opts.remote, instanceId, budget, access });
  let engine = make(baseEnv);
  const first = engine;

  // useDotenv and the stage that picks `.env.<stage>` are resolved without the .env files (as Serverless does).
  if (isObject(opts.root.data) && opts.root.data.useDotenv !== undefined) {
    const use = await strict(async () => {
      const r = await engine.deep(['useDotenv']);
      if (r.failures.length) throw new StrictFailure(r.failures);
      return r.value;
    });
    if (use) {
      const stage = await strict(() => engine.stage());
      const dotenv = loadDotenv(opts.root.dir, stage, baseEnv);
      if (dotenv) {
        const conflict = [...engine.missingEnv].find((name) => name in dotenv.vars);
        if (conflict) {
          throw userError(`${conflict} is set in ${dotenv.file}, but it decides which .env file is read (through provider.stage or useDotenv)`, {
            file: dotenv.file,
            code: 'dotenv-conflict',
            hint: `set ${conflict} in the environment or pass --stage, not in the .env file`,
          });
        }
        engine = make({ ...dotenv.vars, ...baseEnv }, dotenv.file);
      }
    }
  }
  const stage = await strict(() => engine.stage());
  const region = await strict(() => engine.region());
  return new LazyResolver(engine, stage, region, engine === first ? undefined : first);
}
