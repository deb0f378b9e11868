import type { ConfigPath } from '../errors.js';
import type { Position } from './locate.js';

/**
 * Where every key of block-style YAML stands, found in one pass over the lines. Building the full YAML
 * syntax tree of a 1,000-machine config costs seconds and hundreds of MB; this index costs a fraction, so
 * 5,000 warnings locate at once. It answers only paths it found whole (the position the tree would give:
 * a scalar's value, else the key); anything else (flow collections, anchors, tags, complex keys) is left
 * to the tree (makeLocator falls back), so a position is never guessed.
 */
export type LineIndex = Map<string, Position>;

const SEP = '\u0000';
export const indexKey = (path: ConfigPath): string => path.map(String).join(SEP);

interface Frame {
  indent: number;
  path: string[];
  seq: boolean;
  count: number;
}

// A key: double-quoted, single-quoted or plain (a plain key may hold ":" not followed by a space: Fn::GetAtt).
const KEY = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|((?:[^\s#'"\-?:,[\]{}&*!|>%@`]|-(?=[^\s]))(?:[^:#]|:(?=[^\s]))*?))\s*:(?:\s+|$)/;

/** Whether a flow collection closes on its own line (brackets balanced outside quotes). */
function closesOnLine(text: string): boolean {
  let depth = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === '#' && depth === 0 && /\s/.test(text[i - 1] ?? ' ')) break;
  }
  return depth <= 0 && !quote;
}

export function buildLineIndex(text: string): LineIndex | undefined {
  const index: LineIndex = new Map();
  const lines = text.split('\n');
  const stack: Frame[] = [{ indent: -1, path: [], seq: false, count: 0 }];
  // A key (or item) whose value starts on a later line: the indent it was written at and its path.
  let open: { indent: number; path: string[] } | undefined;
  let blockAbove = -2; // skip the lines of a | or > block scalar: those indented deeper than its key
  const record = (path: string[], line: number, column: number) => {
    const k = path.join(SEP);
    if (!index.has(k)) index.set(k, { line, column });
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const ind = raw.search(/[^ ]/);
    if (ind < 0) continue;
    if (raw[ind] === '\t') return undefined;
    if (blockAbove > -2) {
      if (ind > blockAbove) continue;
      blockAbove = -2;
    }
    if (raw[ind] === '#') continue;
    if (ind === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%'))) return undefined;

    let col = ind;
    let content = raw.slice(ind);
    // A key left open whose next line is no child of it has an empty value: where that stands is the tree's.
    const childOfOpen = open && (col > open.indent || (col === open.indent && (content === '-' || content.startsWith('- '))));
    if (open && !childOfOpen) {
      index.delete(open.path.join(SEP));
      open = undefined;
    }
    const lineNo = i + 1;
    if (stack[0].indent < 0) stack[0].indent = col; // the root map stands where the first key does
    while (stack.length > 1 && stack[stack.length - 1].indent > col) stack.pop();
    const dash = content === '-' || content.startsWith('- ');
    // A sequence written at its key's own indent ends at the next key of that map.
    if (!dash && stack.length > 1 && stack[stack.length - 1].seq && stack[stack.length - 1].indent === col) stack.pop();
    let top = stack[stack.length - 1];

    // Sequence items ("- x", "- key: v", "-"): one level per dash.
    if (dash) {
      if (!(top.seq && top.indent === col)) {
        if (!open || col < open.indent) {
          open = undefined;
          continue;
        }
        top = { indent: col, path: open.path, seq: true, count: 0 };
        stack.push(top);
      }
      const itemPath = [...top.path, String(top.count++)];
      const rest = content.slice(1).replace(/^ +/, '');
      open = undefined;
      if (!rest || rest.startsWith('#')) {
        open = { indent: col, path: itemPath };
        continue;
      }
      const restCol = col + content.length - rest.length;
      if (rest.startsWith('- ') || rest === '-') continue; // a sequence in a sequence: left to the tree
      if (/^[{[]/.test(rest) && !closesOnLine(rest)) return undefined; // a flow collection over several lines
      const keyed = KEY.exec(rest);
      if (!keyed) {
        if (/^[|>]/.test(rest)) blockAbove = col;
        if (!/^[&*!{[]/.test(rest)) record(itemPath, lineNo, restCol + 1);
        continue;
      }
      // "- key: v": a map whose keys stand at the column after the dash.
      top = { indent: restCol, path: itemPath, seq: false, count: 0 };
      stack.push(top);
      col = restCol;
      content = rest;
    } else if (!(top.indent === col && !top.seq)) {
      const keyed = KEY.exec(content);
      if (open && col > open.indent) {
        if (keyed) {
          top = { indent: col, path: open.path, seq: false, count: 0 };
          stack.push(top);
        } else {
          // A scalar value on the line after its key: the tree points at the value.
          // Anything else (a tag, an anchor, a line that looks like a key but is not one) is the tree's to answer.
          if (!/^[&*!{[|>]/.test(content) && !/:(\s|$)/.test(content)) index.set(open.path.join(SEP), { line: lineNo, column: col + 1 });
          else index.delete(open.path.join(SEP));
          open = undefined;
          continue;
        }
      } else {
        open = undefined;
        continue; // a continuation line of a multi-line scalar
      }
    }

    const m = KEY.exec(content);
    open = undefined;
    if (!m) continue;
    let key: string;
    try {
      key = m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trimEnd();
    } catch {
      continue; // a YAML escape JSON lacks: the tree reads it
    }
    if (key === '<<') continue;
    const path = [...top.path, key];
    let rest = content.slice(m[0].length);
    const restCol = col + m[0].length;
    if (rest.startsWith('#') || /^\s*$/.test(rest)) rest = '';
    if (!rest) {
      record(path, lineNo, col + 1);
      open = { indent: col, path };
      continue;
    }
    if (/^[{[]/.test(rest)) {
      if (!closesOnLine(rest)) return undefined; // a flow collection over several lines: the tree reads this file
      record(path, lineNo, col + 1); // a flow collection: the tree points at the key; what is inside is the tree's
      continue;
    }
    if (/^[&*!]/.test(rest)) continue; // anchors, aliases and tags: the tree knows where their node starts
    if (/^[|>]/.test(rest)) blockAbove = col;
    record(path, lineNo, restCol + 1);
  }
  if (open) index.delete(open.path.join(SEP));
  return index;
}
