import type { ConfigPath } from '../errors.js';
import type { Position } from './locate.js';

/**
 * Where every key of block-style YAML stands, found in one pass over the lines. Building the full YAML
 * syntax tree of a 1,000-machine config costs seconds and hundreds of MB; this index costs a fraction, so
 * 5,000 warnings locate at once. It answers only paths it found whole (the position the tree would give:
 * a scalar's value, else the key); anything else (flow collections, anchors, tags, complex keys) is left
 * to the tree (makeLocator falls back), so a position is never guessed.
 */
/** One key (or item) of the file: where it stands, and its children by key. A tree, so no path is ever joined. */
interface Node {
  pos?: Position;
  children?: Map<string, Node>;
}

export class LineIndex {
  constructor(private readonly root: Node) {}

  get(path: ConfigPath): Position | undefined {
    let node: Node | undefined = this.root;
    for (const seg of path) {
      node = node.children?.get(String(seg));
      if (!node) return undefined;
    }
    return node.pos;
  }
}

function child(parent: Node, key: string): Node {
  let map = parent.children;
  if (!map) map = parent.children = new Map();
  let node = map.get(key);
  if (!node) map.set(key, (node = {}));
  return node;
}

interface Frame {
  indent: number;
  node: Node;
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
  const root: Node = {};
  const lines = text.split('\n');
  const stack: Frame[] = [{ indent: -1, node: root, seq: false, count: 0 }];
  // A key (or item) whose value starts on a later line: the indent it was written at and its node.
  let open: { indent: number; node: Node } | undefined;
  let blockAbove = -2; // skip the lines of a | or > block scalar: those indented deeper than its key
  const record = (node: Node, line: number, column: number) => {
    node.pos ??= { line, column };
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
      open.node.pos = undefined;
      open = undefined;
    }
    const lineNo = i + 1;
    if (stack[0].indent < 0) stack[0].indent = col; // the root map stands where the first key does
    while (stack.length > 1 && stack[stack.length - 1].indent > col) stack.pop();
    const dash = content === '-' || content.startsWith('- ');
    // A sequence written at its key's own indent ends at the next key of that map.
    if (!dash && stack.length > 1 && stack[stack.length - 1].seq && stack[stack.length - 1].indent === col) stack.pop();
    let top = stack[stack.length - 1];
    // The key on this line, matched once (undefined: not matched yet).
    let m: RegExpExecArray | null | undefined;

    // Sequence items ("- x", "- key: v", "-"): one level per dash.
    if (dash) {
      if (!(top.seq && top.indent === col)) {
        if (!open || col < open.indent) {
          open = undefined;
          continue;
        }
        top = { indent: col, node: open.node, seq: true, count: 0 };
        stack.push(top);
      }
      const item = child(top.node, String(top.count++));
      const rest = content.slice(1).replace(/^ +/, '');
      open = undefined;
      if (!rest || rest.startsWith('#')) {
        open = { indent: col, node: item };
        continue;
      }
      const restCol = col + content.length - rest.length;
      if (rest.startsWith('- ') || rest === '-') continue; // a sequence in a sequence: left to the tree
      if (/^[{[]/.test(rest) && !closesOnLine(rest)) return undefined; // a flow collection over several lines
      const keyed = (m = KEY.exec(rest));
      if (!keyed) {
        if (/^[|>]/.test(rest)) blockAbove = col;
        if (!/^[&*!{[]/.test(rest)) record(item, lineNo, restCol + 1);
        continue;
      }
      // "- key: v": a map whose keys stand at the column after the dash.
      top = { indent: restCol, node: item, seq: false, count: 0 };
      stack.push(top);
      col = restCol;
      content = rest;
    } else if (!(top.indent === col && !top.seq)) {
      const keyed = (m = KEY.exec(content));
      if (open && col > open.indent) {
        if (keyed) {
          top = { indent: col, node: open.node, seq: false, count: 0 };
          stack.push(top);
        } else {
          // A scalar value on the line after its key: the tree points at the value.
          // Anything else (a tag, an anchor, a line that looks like a key but is not one) is the tree's to answer.
          open.node.pos = !/^[&*!{[|>]/.test(content) && !/:(\s|$)/.test(content) ? { line: lineNo, column: col + 1 } : undefined;
          open = undefined;
          continue;
        }
      } else {
        open = undefined;
        continue; // a continuation line of a multi-line scalar
      }
    }

    if (m === undefined) m = KEY.exec(content);
    open = undefined;
    if (!m) continue;
    let key: string;
    try {
      key = m[1] !== undefined ? (JSON.parse(`"${m[1]}"`) as string) : m[2] !== undefined ? m[2].replace(/''/g, "'") : m[3].trimEnd();
    } catch {
      continue; // a YAML escape JSON lacks: the tree reads it
    }
    if (key === '<<') continue;
    const node = child(top.node, key);
    let rest = content.slice(m[0].length);
    const restCol = col + m[0].length;
    if (rest.startsWith('#') || /^\s*$/.test(rest)) rest = '';
    if (!rest) {
      record(node, lineNo, col + 1);
      open = { indent: col, node };
      continue;
    }
    if (/^[{[]/.test(rest)) {
      if (!closesOnLine(rest)) return undefined; // a flow collection over several lines: the tree reads this file
      record(node, lineNo, col + 1); // a flow collection: the tree points at the key; what is inside is the tree's
      continue;
    }
    if (/^[&*!]/.test(rest)) continue; // anchors, aliases and tags: the tree knows where their node starts
    if (/^[|>]/.test(rest)) blockAbove = col;
    record(node, lineNo, restCol + 1);
  }
  if (open) open.node.pos = undefined;
  return new LineIndex(root);
}
