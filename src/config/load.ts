import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import yaml from 'js-yaml';
import { UserError, userError, type ConfigPath } from '../errors.js';
import { AliasIndex } from './anchors.js';
import { CFN_SCHEMA } from './cfn-tags.js';
import { Budget, count, overLimit } from './limits.js';
import { makeLocator, type Position } from './locate.js';
import { checkShape, type Shape, type ShapeSource } from './shape.js';

/** Looked for in this order, as the Serverless Framework does (then the two module forms it lacks). */
export const CONFIG_NAMES = ['serverless.yml', 'serverless.yaml', 'serverless.json', 'serverless.js', 'serverless.ts', 'serverless.cjs', 'serverless.mjs'];

export interface LoadedFile {
  /** Absolute path. */
  file: string;
  dir: string;
  text: string;
  data: unknown;
  /** Where a config path stands in this file (lazy: parses with positions only when asked). */
  locate: (path: ConfigPath) => Position | undefined;
}

export function findConfig(cwd: string, configPath?: string): string {
  if (configPath) {
    const abs = resolve(cwd, configPath);
    if (!existsSync(abs)) {
      throw userError(`config file not found: ${abs}`, { code: 'config-not-found', hint: 'check the --config path' });
    }
    return abs;
  }
  for (const name of CONFIG_NAMES) {
    const abs = resolve(cwd, name);
    if (existsSync(abs)) return abs;
  }
  throw userError(`no serverless.yml, .yaml, .json, .js, .ts, .cjs or .mjs in ${cwd}`, {
    code: 'config-not-found',
    hint: 'run stepf in the folder of your service, or pass --config PATH',
  });
}

// Every alias written: `*` starting a node (at a line's start, after a space, `[`, `{` or `,`) and a name.
const MAY_HOLD_ALIAS = /(?:^|[\s[{,])\*[^\s,[\]{}]/m;

/**
 * Parses YAML (with CloudFormation short-form tags) or JSON text; syntax errors name file:line:column.
 * The data is checked against the shape bounds (cycles, depth, string length, expanded size) before
 * anything walks it.
 */
export function parseText(text: string, file: string, budget: Budget = new Budget()): unknown {
  const limits = budget.limits;
  // A byte order mark is not part of the document (js-yaml drops it; JSON.parse would call it a syntax error).
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (file.endsWith('.json')) {
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = jsonErrorPosition(body, msg);
      throw userError(`invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, {
        file,
        ...pos,
        code: 'json-syntax',
        hint: 'fix the JSON syntax at that position',
      });
    }
    measure(budget, checkShape(data, { file, limits }));
    return data;
  }
  const aliases = new AliasIndex(body, file, limits);
  let data: unknown;
  try {
    // js-yaml's own guards (4.3+, not in its types yet) kept above stepf's: checkShape reports depth with the config path.
    const guards = { maxDepth: 2 * limits.depth + 2, maxTotalMergeKeys: limits.expandedSize };
    // The listener sees every node; a file that cannot hold an alias (no `*name` after a space, bracket or comma) needs none.
    const listener = MAY_HOLD_ALIAS.test(body) ? aliases.listener : undefined;
    data = yaml.load(body, { schema: CFN_SCHEMA, filename: file, listener, ...guards } as yaml.LoadOptions);
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof RangeError) throw overLimit('depth', limits, `mappings and lists nest too deep to parse`, { file });
    const e = err as yaml.YAMLException;
    const mark = e.mark as { line?: number; column?: number } | undefined;
    const at = { file, line: mark?.line !== undefined ? mark.line + 1 : undefined, column: mark?.column !== undefined ? mark.column + 1 : undefined };
    if (/^nesting exceeded maxDepth/.test(e.reason ?? '')) throw overLimit('depth', limits, `mappings and lists nest more than ${limits.depth} deep`, at);
    if (/^merge keys exceeded/.test(e.reason ?? '')) {
      throw overLimit('expandedSize', limits, `${basename(file)} merges more than ${count(limits.expandedSize)} keys through <<`, at);
    }
    throw userError(`invalid YAML: ${e.reason ?? e.message}`, {
      ...at,
      code: 'yaml-syntax',
      hint: 'check indentation and quoting on that line (tabs are not allowed in YAML)',
    });
  }
  budget.peak('aliases', aliases.count);
  measure(budget, checkShape(data, { file, limits, aliases, locate: makeLocator(body) }));
  return data;
}

/** Checks data that did not come from text (a module's export) against the shape bounds. */
export function checkData(data: unknown, src: Omit<ShapeSource, 'limits'>, budget: Budget): void {
  measure(budget, checkShape(data, { ...src, limits: budget.limits }));
}

function measure(budget: Budget, shape: Shape): void {
  budget.peak('expandedSize', shape.expandedSize);
  budget.peak('depth', shape.depth);
  budget.peak('stringLength', shape.stringLength);
}

/** A file's size against the file-size bound, before it is read (a 50 MB file is refused, not parsed). */
export function checkFileSize(file: string, budget: Budget): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return; // the read that follows reports it
  }
  budget.peak('fileSize', size);
  if (size > budget.limits.fileSize) throw overLimit('fileSize', budget.limits, `${basename(file)} is ${count(size)} bytes`, { file });
}

function jsonErrorPosition(text: string, msg: string): { line?: number; column?: number } {
  const m = /position (\d+)/.exec(msg);
  if (!m) {
    const lc = /line (\d+) column (\d+)/.exec(msg);
    return lc ? { line: Number(lc[1]), column: Number(lc[2]) } : {};
  }
  const offset = Number(m[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

export function loadFile(file: string, budget: Budget = new Budget()): LoadedFile {
  checkFileSize(file, budget);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw userError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      file,
      code: 'config-unreadable',
    });
  }
  const data = parseText(text, file, budget);
  const locate = file.endsWith('.json') ? () => undefined : makeLocator(text);
  return { file, dir: dirname(file), text, data, locate };
}

/** A config written as a module (no line positions: errors name the file and the config path). */
async function loadScriptConfig(file: string, budget: Budget): Promise<LoadedFile> {
  checkFileSize(file, budget);
  const { loadScript } = await import('./load-script.js');
  const data = await loadScript(file);
  checkData(data, { file }, budget);
  return { file, dir: dirname(file), text: readFileSync(file, 'utf8'), data, locate: () => undefined };
}

export async function loadConfig(cwd: string, configPath?: string, budget: Budget = new Budget()): Promise<LoadedFile> {
  const file = findConfig(cwd, configPath);
  const loaded = /\.(c|m)?js$|\.ts$/.test(file) ? await loadScriptConfig(file, budget) : loadFile(file, budget);
  if (loaded.data === null || typeof loaded.data !== 'object' || Array.isArray(loaded.data)) {
    throw userError(`${basename(file)} must be a mapping of keys (service, provider, stepFunctions, ...)`, {
      file,
      line: 1,
      column: 1,
      code: 'config-not-object',
      hint: 'start the file with `service: <name>`',
    });
  }
  return loaded;
}
