// Test files and mock config files are read with their positions kept, so a mistake is reported at
// file:line:column with the path of the key (`cases[2].expect.status`). JSON is YAML, so one parser reads both.
import { promises as fsp } from 'node:fs';
import { UserError, userError, type ConfigPath } from '../errors.js';
import { Budget } from '../config/limits.js';
import { checkData, checkFileSize } from '../config/load.js';

export interface DataFile {
  file: string;
  value: unknown;
  /** Line and column (1-based) of the node at `path` (with `key`, of its key), or of its closest parent that exists. */
  where(path: ConfigPath, opts?: { key?: boolean }): { file: string; line?: number; column?: number; path: ConfigPath };
}

export async function readDataFile(file: string, what: string): Promise<DataFile> {
  // The same bounds as a config: a test file in a pull request is input too (README "Bounds").
  const budget = new Budget();
  checkFileSize(file, budget);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw userError(`cannot read ${what} ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
  // Bundled by esbuild, the CommonJS yaml package arrives as { default: exports }.
  const yaml = await import('yaml');
  const { parseDocument, LineCounter, isNode, isMap, isScalar } = (yaml as unknown as { default?: typeof yaml }).default ?? yaml;
  // Positions are only needed for a message: a JSON file is read with JSON.parse (a thousand cases in a
  // millisecond, not a second), and parsed again with positions the first time a message needs one.
  let value: unknown;
  let json = false;
  if (/\.json$/i.test(file)) {
    try {
      value = JSON.parse(text);
      json = true;
    } catch {
      // not JSON after all: the YAML parser below says where
    }
  }
  let parsedDoc: { doc: ReturnType<typeof parseDocument>; lines: InstanceType<typeof LineCounter> } | undefined;
  const document = () => {
    if (!parsedDoc) {
      const lines = new LineCounter();
      parsedDoc = { doc: parseDocument(text, { lineCounter: lines, uniqueKeys: true }), lines };
    }
    return parsedDoc;
  };
  if (!json) {
    const { doc } = document();
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw userError(`${what} ${file} is not valid YAML or JSON: ${e.message.split('\n')[0]}`, { file, line: e.linePos?.[0].line, column: e.linePos?.[0].col });
    }
    try {
      value = doc.toJS({ maxAliasCount: budget.limits.aliases }) as unknown;
    } catch (err) {
      if (err instanceof UserError) throw err;
      throw userError(`${what} ${file} cannot be read: ${(err as Error).message}`, { file, code: 'limit-exceeded', hint: 'the aliases of this file expand too far' });
    }
  }
  checkData(value, { file }, budget);
  return {
    file,
    value,
    where(path, opts = {}) {
      const { doc, lines } = document();
      if (opts.key && path.length) {
        const parent = doc.getIn(path.slice(0, -1), true);
        const pair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]) : undefined;
        if (pair && isNode(pair.key) && pair.key.range) {
          const pos = lines.linePos(pair.key.range[0]);
          return { file, line: pos.line, column: pos.col, path };
        }
      }
      for (let n = path.length; n >= 0; n--) {
        const node = doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const pos = lines.linePos(node.range[0]);
          return { file, line: pos.line, column: pos.col, path };
        }
      }
      return { file, path };
    },
  };
}

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
