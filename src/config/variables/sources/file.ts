import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../../errors.js';
import { hintDidYouMean } from '../../../util/did-you-mean.js';
import { parseText } from '../../load.js';
import { makeLocator } from '../../locate.js';
import { VariableError, type Source, type SourceContext, type SourceOrigin, type SourceOutcome } from '../types.js';

const JS = new Set(['.js', '.cjs', '.mjs']);

interface ParsedFile {
  data: unknown;
  origin: Omit<SourceOrigin, 'fileBase'>;
}

async function readParsed(abs: string, ext: string): Promise<ParsedFile | null> {
  let text: string;
  try {
    text = await readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new VariableError(`cannot read ${abs}: ${code ?? (err as Error).message}`, 'variable-source-error');
  }
  if (ext === '.yml' || ext === '.yaml' || ext === '.json' || ext === '.tfstate') {
    try {
      const data = parseText(text, ext === '.tfstate' ? `${abs}.json` : abs);
      return { data, origin: { file: abs, locate: ext === '.yml' || ext === '.yaml' ? makeLocator(text) : undefined } };
    } catch (err) {
      if (err instanceof UserError) {
        const d = err.diagnostics[0];
        throw new VariableError(d.message, d.code ?? 'variable-source-error', d.hint, { file: abs, line: d.line, column: d.column });
      }
      throw err;
    }
  }
  // Any other extension is plain text, as in the Serverless Framework.
  return { data: text, origin: { file: abs } };
}

/** What a JS file's exported function is called with, as in the Serverless Framework. */
interface JsArgs {
  options: Record<string, unknown>;
  resolveVariable: (inner: string) => Promise<unknown>;
  resolveConfigurationProperty: (keys: Array<string | number>) => Promise<unknown>;
}

function jsArgs(ctx: SourceContext): JsArgs {
  return {
    options: { ...ctx.options },
    resolveVariable: (inner: string) => ctx.variable(inner),
    resolveConfigurationProperty: async (keys: Array<string | number>) => (await ctx.property(keys.map(String))).value,
  };
}

async function callJs(fn: (args: JsArgs) => unknown, args: JsArgs, what: string): Promise<unknown> {
  try {
    return await fn(args);
  } catch (err) {
    if (err instanceof VariableError) throw err;
    throw new VariableError(`${what} failed: ${err instanceof Error ? err.message : String(err)}`, 'variable-source-error');
  }
}

async function awaitJs(value: unknown, what: string): Promise<unknown> {
  try {
    return await value;
  } catch (err) {
    throw new VariableError(`${what} rejected: ${err instanceof Error ? err.message : String(err)}`, 'variable-source-error');
  }
}

/** JSON-safe copy, as the Serverless Framework keeps variable values (functions and undefined drop out). */
function jsonValue(value: unknown, what: string): unknown {
  if (value === undefined) return null;
  try {
    return JSON.parse(JSON.stringify(value)) as unknown;
  } catch (err) {
    throw new VariableError(`${what} gave a value that is not plain data: ${(err as Error).message}`, 'variable-source-error');
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object';
}

/**
 * `${file(./x.yml)}`, `${file(./x.json):a.b}`, `${file(./x.js)}`, `${file(./x.js):fn}`. Paths are relative to
 * the service folder (the main config's), for nested files too, as in the Serverless Framework. A missing
 * file or key is "no value", so a fallback can take over.
 */
export const file: Source = async (req, ctx): Promise<SourceOutcome> => {
  const rel = req.params[0];
  if (typeof rel !== 'string' || !rel) {
    throw new VariableError('`file` needs a path, as in ${file(./config.yml)}', 'variable-syntax');
  }
  const abs = resolve(ctx.root.dir, rel);
  const ext = extname(abs).toLowerCase();
  const shown = relative(ctx.root.dir, abs).startsWith('..') ? abs : `./${relative(ctx.root.dir, abs)}`;
  const missing = (): SourceOutcome => ({
    value: null,
    reason: `${shown} does not exist`,
    hint: `paths in \${file(...)} are relative to the folder of ${ctx.root.file.split(/[\\/]/).pop()} (${ctx.root.dir})`,
  });

  let content: unknown;
  let origin: Omit<SourceOrigin, 'fileBase'>;
  let byFunction = false;
  const isJs = JS.has(ext);
  const args = jsArgs(ctx);
  if (isJs) {
    if (!existsSync(abs)) return missing();
    let ns: Record<string, unknown>;
    try {
      ns = await ctx.memo(`import:${abs}`, () => import(pathToFileURL(abs).href) as Promise<Record<string, unknown>>);
    } catch (err) {
      throw new VariableError(`cannot load ${shown}: ${(err as Error).message}`, 'variable-source-error');
    }
    const mod = ns.default !== undefined ? ns.default : ns;
    if (typeof mod === 'function') {
      byFunction = true;
      content = await callJs(mod as (a: JsArgs) => unknown, args, `the function exported by ${shown}`);
    } else {
      content = await awaitJs(mod, shown);
    }
    origin = { file: abs };
  } else {
    const parsed = await ctx.memo(`file:${abs}`, () => readParsed(abs, ext));
    if (!parsed) return missing();
    content = parsed.data;
    origin = parsed.origin;
  }

  const keys = req.address ? req.address.split('.') : [];
  for (let i = 0; i < keys.length; i++) {
    if (typeof content === 'string' && content.includes('${')) content = await ctx.text(content);
    const key = keys[i];
    const at = keys.slice(0, i + 1).join('.');
    if (!isObject(content) || !(key in content) || content[key] === null || content[key] === undefined) {
      const candidates = isObject(content) ? Object.keys(content) : [];
      return {
        value: null,
        reason: `${shown} has no ${at}`,
        hint: hintDidYouMean(key, candidates) ?? (candidates.length ? `keys there: ${candidates.slice(0, 10).join(', ')}` : undefined),
      };
    }
    content = content[key];
    if (isJs && !byFunction) {
      if (typeof content === 'function') {
        byFunction = true;
        content = await callJs(content as (a: JsArgs) => unknown, args, `${at} of ${shown}`);
      } else {
        content = await awaitJs(content, `${at} of ${shown}`);
      }
      if (content === null || content === undefined) return { value: null, reason: `${at} of ${shown} gave no value` };
    }
  }
  if (isJs) content = jsonValue(content, shown);
  if (content === null || content === undefined) return { value: null, reason: `${shown} is empty` };
  return { value: content, origin: { ...origin, fileBase: isJs ? [] : keys } };
};
