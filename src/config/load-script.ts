// serverless.js / .cjs / .mjs / .ts: a config written as a module, read as the Serverless Framework v3
// reads it (lib/configuration/read.js): JS by import, its default export (or module.exports) being the
// config or a promise of it; TypeScript through ts-node's require hook, found beside the service, beside
// stepf, or in the global npm root, and registered with no options (so TS_NODE_* variables apply).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { userError, type UserError } from '../errors.js';

const TS_NODE_INSTANCE = Symbol.for('ts-node.register.instance');

/** Where ts-node may be installed, in the order it is looked for (the global root only if asked for: it costs an npm run). */
export function* tsNodeSearchDirs(serviceDir: string): Generator<string> {
  yield serviceDir;
  yield dirname(fileURLToPath(import.meta.url));
  try {
    yield execFileSync('npm', ['root', '-g'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // No npm on PATH: there is no global root to look in.
  }
}

/** ts-node's entry, or the folders looked in when none of them has it. */
export function resolveTsNode(searchDirs: Iterable<string>): { entry?: string; looked: string[] } {
  const looked: string[] = [];
  for (const dir of searchDirs) {
    looked.push(dir);
    try {
      return { entry: createRequire(join(dir, 'noop.js')).resolve('ts-node'), looked };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw err;
    }
  }
  return { looked };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function loadFailure(file: string, what: string, err: unknown, hint: string): UserError {
  const e = err as Error & { diagnosticText?: string };
  // ts-node's TSError: its diagnostics read `serverless.ts(2,7): error TS2322: ...`.
  const ts = typeof e?.diagnosticText === 'string' ? /\((\d+),(\d+)\): (.*)/.exec(e.diagnosticText) : null;
  // A throw inside the config points at its own line: show the user that line, not stepf's.
  const at = ts ?? (e?.stack ? new RegExp(`${escapeRegExp(file)}:(\\d+)(?::(\\d+))?`).exec(e.stack) : null);
  const message = ts ? ts[3] : (e?.message ?? String(err)).split('\n')[0];
  return userError(`${what} ${basename(file)}: ${message}`, {
    file,
    ...(at ? { line: Number(at[1]), ...(at[2] ? { column: Number(at[2]) } : {}) } : {}),
    code: 'config-load-error',
    hint,
  });
}

function registerTsNode(file: string, searchDirs: Iterable<string>): void {
  if ((process as unknown as Record<symbol, unknown>)[TS_NODE_INSTANCE]) return;
  const { entry, looked } = resolveTsNode(searchDirs);
  if (!entry) {
    throw userError(`${basename(file)} is TypeScript, and reading it needs ts-node, which is not installed here`, {
      file,
      code: 'config-needs-ts-node',
      hint: `install it in the service (npm install --save-dev ts-node typescript), as the Serverless Framework needs too; looked in ${looked.join(', ')}`,
    });
  }
  try {
    (createRequire(entry)(entry) as { register: () => unknown }).register();
  } catch (err) {
    throw loadFailure(file, 'cannot register ts-node to read', err, 'ts-node needs the typescript package beside it: npm install --save-dev typescript');
  }
}

/** The exported value, awaited: the config object (or whatever the file gave, checked by the caller). */
async function evaluate(file: string, searchDirs: Iterable<string>): Promise<unknown> {
  let exported: unknown;
  if (file.endsWith('.ts')) {
    registerTsNode(file, searchDirs);
    try {
      exported = createRequire(file)(file);
    } catch (err) {
      throw loadFailure(file, 'cannot load', err, 'fix it at that line (ts-node type-checks the file as the Serverless Framework does; TS_NODE_TRANSPILE_ONLY=true skips the type check)');
    }
    // `export default config` compiles to exports.default.
    const mod = exported as { __esModule?: boolean; default?: unknown } | null;
    if (mod && typeof mod === 'object' && mod.__esModule && 'default' in mod) exported = mod.default;
  } else {
    let ns: Record<string, unknown>;
    try {
      ns = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (err) {
      throw loadFailure(file, 'cannot load', err, 'fix it at that line of the file');
    }
    if (!('default' in ns)) {
      throw userError(`${basename(file)} has no default export`, {
        file,
        code: 'config-not-object',
        hint: 'end the file with `export default { service: ..., stepFunctions: ... }` (or module.exports = ... in CommonJS)',
      });
    }
    exported = ns.default;
  }
  try {
    return await exported;
  } catch (err) {
    throw loadFailure(file, 'the promise exported by', err, 'the promise the file exports must resolve to the config');
  }
}

/** Reads a JS or TS config into plain data, as the Serverless Framework keeps it (JSON-safe, no functions). */
export async function loadScript(file: string, searchDirs: Iterable<string> = tsNodeSearchDirs(dirname(file))): Promise<unknown> {
  const value = await evaluate(file, searchDirs);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw userError(`${basename(file)} must export an object of keys (service, provider, stepFunctions, ...), got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`, {
      file,
      code: 'config-not-object',
      hint: 'export the config object, or a promise that resolves to it',
    });
  }
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (err) {
    throw userError(`${basename(file)} exports something that is not plain data: ${(err as Error).message}`, {
      file,
      code: 'config-not-object',
      hint: 'export plain objects, arrays, strings, numbers and booleans (no cycles)',
    });
  }
}
