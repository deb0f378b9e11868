import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { userError } from '../../errors.js';

/**
 * `.env` files as the `dotenv` package reads them: `KEY=value`, `export KEY=value`, `#` comments,
 * single/double/backtick quotes (double quotes take \n escapes and may span lines).
 */
export function parseDotenv(text: string): Record<string, { value: string; expand: boolean }> {
  const out: Record<string, { value: string; expand: boolean }> = {};
  const re = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?$/gm;
  const src = text.replace(/\r\n?/g, '\n');
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    const key = m[1];
    let value = (m[2] ?? '').trim();
    const q = value[0];
    const quoted = (q === '"' || q === "'" || q === '`') && value.endsWith(q) && value.length >= 2;
    if (quoted) value = value.slice(1, -1);
    if (q === '"' && quoted) value = value.replace(/\\n/g, '\n').replace(/\\r/g, '\r');
    out[key] = { value, expand: !(quoted && q === "'") };
  }
  return out;
}

/** `${VAR}`, `${VAR:-default}` and `$VAR` from the real environment first, then earlier entries (dotenv-expand). */
function expand(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/(\\)?\$(?:\{([A-Za-z_][\w]*)(?::-([^}]*))?\}|([A-Za-z_][\w]*))/g, (all, esc, braced, dflt, bare) => {
    if (esc) return all.slice(1);
    const v = lookup((braced ?? bare) as string);
    return v !== undefined && v !== '' ? v : ((dflt as string | undefined) ?? '');
  });
}

export interface Dotenv {
  file: string;
  vars: Record<string, string>;
}

/**
 * Under `useDotenv: true`: `.env.<stage>` if it exists, else `.env` (the Serverless Framework v3 rule),
 * in the service folder. Real environment variables win; the caller merges.
 */
export function loadDotenv(dir: string, stage: string, env: Record<string, string | undefined>): Dotenv | undefined {
  for (const name of [`.env.${stage}`, '.env']) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw userError(`cannot read ${file}: ${(err as Error).message}`, { file, code: 'dotenv-unreadable' });
    }
    const parsed = parseDotenv(text);
    const vars: Record<string, string> = {};
    for (const [key, { value, expand: doExpand }] of Object.entries(parsed)) {
      vars[key] = doExpand ? expand(value, (n) => env[n] ?? vars[n]) : value;
    }
    return { file, vars };
  }
  return undefined;
}
