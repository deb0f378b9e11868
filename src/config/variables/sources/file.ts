import { existsSync, promises as fsp } from 'node:fs';
import { extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../../errors.js';
import { hintDidYouMean } from '../../../util/did-you-mean.js';
import { count, overLimit, type Budget, type Limits } from '../../limits.js';
import { checkData, parseText } from '../../load.js';
import { makeLocator } from '../../locate.js';
import { judgeFile } from '../file-access.js';
import { VariableError, type Source, type SourceContext, type SourceOrigin, type SourceOutcome } from '../types.js';

const JS = new Set(['.js', '.cjs', '.mjs']);

interface ParsedFile {
  data: unknown;
  origin: Omit<SourceOrigin, 'fileBase'>;
}

/** A parse or bound error inside the file read, kept at its own file and line. */
function located(err: unknown, abs: string): unknown {
  if (!(err instanceof UserError)) return err;
  const d = err.diagnostics[0];
  return new VariableError(d.message, d.code ?? 'variable-source-error', d.hint, { file: abs, line: d.line, column: d.column });
}

/** A bound crossed by the file itself (no line: the variable that reads it is where to look). */
function limitError(key: keyof Limits, limits: Limits, what: string): VariableError {
  const d = overLimit(key, limits, what).diagnostics[0];
  return new VariableError(d.message, 'limit-exceeded', d.hint);
}

/** Counts the read against file-reads; refuses what is not a regular file (a FIFO or /dev/zero never ends) or is too large. */
async function checkReadable(abs: string, shown: string, budget: Budget): Promise<boolean> {
  let info;
  try {
    info = await fsp.stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw new VariableError(`cannot read ${abs}: ${code ?? (err as Error).message}`, 'variable-source-error');
  }
  const limits = budget.limits;
  budget.peak('fileSize', info.size);
  if (++budget.used.fileReads > limits.fileReads) throw limitError('fileReads', limits, `more than ${count(limits.fileReads)} files read through \${file()}`);
  if (!info.isFile()) throw new VariableError(`${shown} is not a regular file`, 'variable-source-error', 'point ${file()} at a file');
  if (info.size > limits.fileSize) throw limitError('fileSize', limits, `${shown} is ${count(info.size)} bytes`);
  return true;
}

async function readParsed(abs: string, ext: string, shown: string, budget: Budget): Promise<ParsedFile | null> {
  if (!(await checkReadable(abs, shown, budget))) return null;
  let text: string;
  try {
    text = await fsp.readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw new VariableError(`cannot read ${abs}: ${code ?? (err as Error).message}`, 'variable-source-error');
  }
  if (ext === '.yml' || ext === '.yaml' || ext === '.json' || ext === '.tfstate') {
    try {
      const data = parseText(text, ext === '.tfstate' ? `${abs}.json` : abs, budget);
      return { data, origin: { file: abs, locate: ext === '.yml' || ext === '.yaml' ? makeLocator(text) : undefined } };
    } catch (err) {
      throw located(err, abs);
    }
  }
  // Any other extension is plain text, as in the Serverless Framework.
  budget.peak('stringLength', text.length);
  if (text.length > budget.limits.stringLength) throw limitError('stringLength', budget.limits, `${shown} is text of ${count(text.length)} characters`);
  return { data: text, origin: { file: abs } };
}

/** Secret locations are refused; a file outside the service is read with a warning naming where it really is. */
function checkAccess(abs: string, req: { variable: string }, ctx: SourceContext): void {
  const v = judgeFile(abs, ctx.access);
  if (v.kind === 'secret') {
    throw new VariableError(
      `${req.variable} would read ${v.real}, a known secret location (${v.what}); stepf does not read it`,
      'file-secret',
      `if the config really needs this file, pass --allow-file ${v.real}`,
    );
  }
  if (v.kind === 'outside' && existsSync(abs)) {
    ctx.warn(
      `${req.variable} reads ${v.real}, outside the service folder ${ctx.access.serviceDir}`,
      'file-outside-service',
      `its content goes into the template; if that is meant, pass --allow-file ${v.real} to say so`,
    );
  }
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

  checkAccess(abs, req, ctx);
  let content: unknown;
  let origin: Omit<SourceOrigin, 'fileBase'>;
  let byFunction = false;
  const isJs = JS.has(ext);
  const args = jsArgs(ctx);
  if (isJs) {
    if (!existsSync(abs)) return missing();
    await ctx.memo(`read:${abs}`, () => checkReadable(abs, shown, ctx.budget));
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
    const parsed = await ctx.memo(`file:${abs}`, () => readParsed(abs, ext, shown, ctx.budget));
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
  if (isJs) {
    content = jsonValue(content, shown);
    try {
      checkData(content, { file: abs }, ctx.budget);
    } catch (err) {
      throw located(err, abs);
    }
  }
  if (content === null || content === undefined) return { value: null, reason: `${shown} is empty` };
  return { value: content, origin: { ...origin, fileBase: isJs ? [] : keys } };
};
