import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import yaml from 'js-yaml';
import { userError, type ConfigPath } from '../errors.js';
import { CFN_SCHEMA } from './cfn-tags.js';
import { makeLocator, type Position } from './locate.js';

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

/** Parses YAML (with CloudFormation short-form tags) or JSON text; syntax errors name file:line:column. */
export function parseText(text: string, file: string): unknown {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(text);
    } catch (err) {
      const msg = (err as Error).message;
      const pos = jsonErrorPosition(text, msg);
      throw userError(`invalid JSON: ${msg.replace(/ in JSON at position \d+.*$/, '')}`, {
        file,
        ...pos,
        code: 'json-syntax',
        hint: 'fix the JSON syntax at that position',
      });
    }
  }
  try {
    return yaml.load(text, { schema: CFN_SCHEMA, filename: file });
  } catch (err) {
    const e = err as yaml.YAMLException;
    const mark = e.mark as { line?: number; column?: number } | undefined;
    throw userError(`invalid YAML: ${e.reason ?? e.message}`, {
      file,
      line: mark?.line !== undefined ? mark.line + 1 : undefined,
      column: mark?.column !== undefined ? mark.column + 1 : undefined,
      code: 'yaml-syntax',
      hint: 'check indentation and quoting on that line (tabs are not allowed in YAML)',
    });
  }
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

export function loadFile(file: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw userError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      file,
      code: 'config-unreadable',
    });
  }
  const data = parseText(text, file);
  const locate = file.endsWith('.json') ? () => undefined : makeLocator(text);
  return { file, dir: dirname(file), text, data, locate };
}

/** A config written as a module (no line positions: errors name the file and the config path). */
async function loadScriptConfig(file: string): Promise<LoadedFile> {
  const { loadScript } = await import('./load-script.js');
  return { file, dir: dirname(file), text: readFileSync(file, 'utf8'), data: await loadScript(file), locate: () => undefined };
}

export async function loadConfig(cwd: string, configPath?: string): Promise<LoadedFile> {
  const file = findConfig(cwd, configPath);
  const loaded = /\.(c|m)?js$|\.ts$/.test(file) ? await loadScriptConfig(file) : loadFile(file);
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
