import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { ConfigPath } from '../errors.js';
import { CFN_TAG_NAMES } from './cfn-tags.js';
import { buildLineIndex, type LineIndex } from './locate-lines.js';

export interface Position {
  line: number;
  column: number;
}

const customTags = CFN_TAG_NAMES.flatMap((name) =>
  (['scalar', 'seq', 'map'] as const).map((collection) => ({
    tag: `!${name}`,
    ...(collection === 'scalar' ? {} : { collection }),
    resolve: (value: unknown) => value,
  })),
) as never;

/**
 * Finds where a config path stands in YAML text. Parsing with node positions is slow on large files,
 * so it runs only when an error needs a line: build once, query many.
 */
export function makeLocator(text: string): (path: ConfigPath) => Position | undefined {
  const tree = makeTreeLocator(text);
  let lines: LineIndex | undefined | null;
  return (path) => {
    // One pass over the lines answers most paths; the syntax tree, built only when needed, the rest.
    if (lines === undefined) lines = buildLineIndex(text) ?? null;
    return lines?.get(path) ?? tree(path);
  };
}

/** The same answer from the YAML syntax tree (with node positions): exact for any YAML, and slow on large files. */
export function makeTreeLocator(text: string): (path: ConfigPath) => Position | undefined {
  let doc: ReturnType<typeof parseDocument> | undefined;
  let counter: LineCounter | undefined;
  return (path) => {
    if (!doc) {
      counter = new LineCounter();
      doc = parseDocument(text, { lineCounter: counter, customTags, strict: false, uniqueKeys: false });
    }
    let node: unknown = doc.contents;
    let best: Node | undefined = node as Node;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as { value?: unknown } | null;
          return k != null && String(k.value ?? k) === String(seg);
        });
        if (!pair) break;
        best = (pair.value as Node | null) ?? (pair.key as Node);
        // Point at the key when the value is a collection: that is where the user looks.
        if (isMap(pair.value) || isSeq(pair.value)) best = pair.key as Node;
        node = pair.value;
        if (!(isMap(node) || isSeq(node))) break;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as Node | undefined;
        if (!item) break;
        best = item;
        node = item;
      } else break;
    }
    const offset = best?.range?.[0];
    if (offset === undefined || !counter) return undefined;
    const pos = counter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
}
