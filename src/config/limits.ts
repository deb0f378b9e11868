// The bounds on the work a config can cause. They are set on the command line (--bound), never in the
// config: they protect the machine that runs stepf from the config it reads (a pull request's serverless.yml).
import { UsageError, userError, type ConfigPath, type UserError } from '../errors.js';

export interface Limits {
  /** Bytes of the config file and of each file `${file()}` reads. */
  fileSize: number;
  /** Characters of one string value (as written, or as variables build it). */
  stringLength: number;
  /** Mappings and lists nested in one another. */
  depth: number;
  /** Aliases (`*name`) in one YAML file. */
  aliases: number;
  /** Characters of every string value plus one per other value, once each alias and `${self:}` is copied out. */
  expandedSize: number;
  /** `${...}` variables resolved. */
  variables: number;
  /** Files read through `${file()}`. */
  fileReads: number;
  /** Bytes of the generated template. */
  templateSize: number;
}

const MB = 1024 * 1024;

/** Far above the largest real config measured (README "Bounds" gives the figures). */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  fileSize: 10 * MB,
  stringLength: 2 * MB,
  depth: 200,
  aliases: 10_000,
  expandedSize: 32 * MB,
  variables: 100_000,
  fileReads: 1_000,
  templateSize: 10 * MB,
});

/** The name written after --bound, by key. */
export const LIMIT_NAMES: Readonly<Record<keyof Limits, string>> = {
  fileSize: 'file-size',
  stringLength: 'string-length',
  depth: 'depth',
  aliases: 'aliases',
  expandedSize: 'expanded-size',
  variables: 'variables',
  fileReads: 'file-reads',
  templateSize: 'template-size',
};

const KEY_BY_NAME = new Map(Object.entries(LIMIT_NAMES).map(([k, n]) => [n, k as keyof Limits]));
const SUFFIX: Record<string, number> = { '': 1, k: 1024, kb: 1024, m: MB, mb: MB };

/** `--bound depth=500 --bound file-size=50MB` → the defaults with those raised (or lowered). */
export function parseLimits(list: readonly string[] | undefined): Limits {
  const out: Limits = { ...DEFAULT_LIMITS };
  for (const item of list ?? []) {
    const m = /^([a-z-]+)=(\d[\d_]*)\s*([a-zA-Z]*)$/.exec(item.trim());
    const key = m ? KEY_BY_NAME.get(m[1]) : undefined;
    const unit = m ? SUFFIX[m[3].toLowerCase()] : undefined;
    if (!m || !key || unit === undefined) {
      throw new UsageError(`--bound ${item}: expected <name>=<number>`, `names: ${Object.values(LIMIT_NAMES).join(', ')}; a number may end in KB or MB`);
    }
    out[key] = Number(m[2].replace(/_/g, '')) * unit;
  }
  return out;
}

/** 12345678 → "12,345,678". */
export const count = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Where a bound was crossed. */
export interface LimitSite {
  file?: string;
  line?: number;
  column?: number;
  path?: ConfigPath;
}

/** The error for a crossed bound: what crossed it, the bound, and the flag that raises it. */
export function overLimit(key: keyof Limits, limits: Limits, what: string, site: LimitSite = {}): UserError {
  const name = LIMIT_NAMES[key];
  return userError(`${what}, over the bound of ${count(limits[key])} (${name})`, {
    ...site,
    code: 'limit-exceeded',
    hint: `if a real config needs more, raise it with --bound ${name}=<n> (README "Bounds")`,
  });
}

/** What one run has used of each bound: the most any file used, or the count so far for those that add up. */
export class Budget {
  readonly used: Limits = { fileSize: 0, stringLength: 0, depth: 0, aliases: 0, expandedSize: 0, variables: 0, fileReads: 0, templateSize: 0 };
  /** Expanded size walked while resolving variables (all files together; checked against expanded-size). */
  walked = 0;
  constructor(readonly limits: Limits = DEFAULT_LIMITS) {}

  peak(key: keyof Limits, n: number): void {
    if (n > this.used[key]) this.used[key] = n;
  }
}
