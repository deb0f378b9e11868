// The execution input of `stepf invoke`: --input file.json, --input - (stdin) or --data '<json>', checked
// as JSON before any AWS call, with the file, line and column of a syntax error (Node's JSON.parse names
// no position for most mistakes, so a small scanner finds it).
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError, userError } from '../errors.js';

export interface InputFlags {
  input?: string;
  data?: string;
}

export interface ExecutionInput {
  /** The JSON text sent to AWS (as given, so numbers keep their spelling). */
  text: string;
  value: unknown;
  /** Where it came from: a path, `stdin` or `--data`. */
  source: string;
}

/** Offset and message of the first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const fail = (message: string, at = i): never => {
    throw { offset: at, message };
  };
  const describe = () => (i >= text.length ? 'end of input' : `'${text[i]}'`);
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}: expected a value`);
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail('a control character (a raw line break or tab) inside a string; escape it');
      if (text[i] === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a \\u escape needs four hex digits');
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) fail(`unknown escape \\${e ?? ''}`);
        i += 2;
        continue;
      }
      i++;
    }
    if (i >= text.length) fail('a string is not closed (missing ")');
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(`unexpected ${describe()}: expected a value`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(text[i] === '}' ? 'a trailing comma before }' : `unexpected ${describe()}: expected a property name in double quotes`);
        string();
        ws();
        if (text[i] !== ':') fail(`unexpected ${describe()}: expected ':' after the property name`);
        i++;
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(`unexpected ${describe()}: expected ',' or '}'`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text[i] === ']') fail('a trailing comma before ]');
        value();
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(`unexpected ${describe()}: expected ',' or ']'`);
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    if (c === "'") fail("strings need double quotes, not single quotes");
    fail(text.trim() === '' ? 'no JSON value (the input is empty)' : `unexpected ${describe()}: expected a value`);
  };
  try {
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the JSON value`);
    return undefined;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as { offset: number; message: string };
    throw e;
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Parses input text, or throws a UserError naming the source, line and column. */
export function parseInput(text: string, source: string, file?: string): ExecutionInput {
  const trimmed = text.replace(/^\uFEFF/, '');
  const err = findJsonError(trimmed);
  if (err) {
    const { line, column } = lineColumn(trimmed, err.offset);
    const where = file ? '' : ` at line ${line}, column ${column}`;
    throw userError(`the execution input (${source}) is not valid JSON${where}: ${err.message}`, {
      file,
      line,
      column,
      code: 'input-json',
      hint: 'Step Functions takes one JSON value as input, e.g. {"orderId": "123"}',
    });
  }
  return { text: trimmed.trim() || '{}', value: JSON.parse(trimmed) as unknown, source };
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads --input / --data (default `{}`), validated as JSON. */
export async function readExecutionInput(flags: InputFlags, cwd = process.cwd(), stdin: NodeJS.ReadableStream = process.stdin): Promise<ExecutionInput> {
  if (flags.input !== undefined && flags.data !== undefined) throw new UsageError('--input and --data both given', 'pass one of them');
  if (flags.data !== undefined) return parseInput(flags.data, '--data');
  if (flags.input === undefined) return { text: '{}', value: {}, source: 'default {}' };
  if (flags.input === '-') return parseInput(await readStdin(stdin), 'stdin');
  const file = resolve(cwd, flags.input);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw userError(`cannot read --input file ${flags.input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      file,
      hint: 'give a path to a JSON file, `-` for stdin, or the JSON itself with --data',
    });
  }
  return parseInput(text, flags.input, file);
}
