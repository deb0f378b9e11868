import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildLineIndex } from '../../src/config/locate-lines.js';
import { makeTreeLocator } from '../../src/config/locate.js';
import { parseText } from '../../src/config/load.js';
// @ts-expect-error: a plain .mjs script shared with the benchmark
import { generateLarge } from '../../scripts/gen-large.mjs';

const root = resolve(__dirname, '../..');
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) return n === 'node_modules' ? [] : yamlFiles(p);
    return /\.ya?ml$/.test(n) ? [p] : [];
  });
}

/** Every path to a value in the parsed data. */
function paths(v: unknown, base: Array<string | number> = [], out: Array<Array<string | number>> = []): Array<Array<string | number>> {
  out.push(base);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...base, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...base, k], out);
  return out;
}

const files = [...yamlFiles(join(root, 'fixtures')), ...yamlFiles(join(root, 'test'))];

describe('the one-pass line index agrees with the YAML syntax tree', () => {
  it('on every path of every YAML file in fixtures/ and test/, where the index answers', () => {
    let answered = 0;
    let total = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      let data: unknown;
      try {
        data = parseText(text, file);
      } catch {
        continue; // a bad-input case of invalid YAML
      }
      const index = buildLineIndex(text);
      const tree = makeTreeLocator(text);
      for (const p of paths(data).slice(1)) {
        total++;
        const fast = index?.get(p);
        if (!fast) continue;
        answered++;
        expect({ file, path: p, at: fast }).toEqual({ file, path: p, at: tree(p) });
      }
    }
    // The index must carry the load: most paths are answered without the tree (the real configs' flow lists,
    // anchors, short-form tags, and whole files with a flow list over several lines, are the rest).
    expect(files.length).toBeGreaterThan(50);
    expect(answered / total).toBeGreaterThan(0.6);
  });

  it("answers the Lambda tasks of the benchmark's generated config (the states that warn), so its warnings never build the tree", () => {
    const dir = generateLarge(mkdtempSync(join(tmpdir(), 'stepf-index-')), 20, 50, { retry: false });
    const text = readFileSync(join(dir, 'serverless.yml'), 'utf8');
    const index = buildLineIndex(text)!;
    const tree = makeTreeLocator(text);
    for (let m = 0; m < 20; m += 7) {
      for (const s of [0, 10, 49]) {
        const p = ['stepFunctions', 'stateMachines', `machine${m}`, 'definition', 'States', `S${s}`];
        expect(index.get(p)).toEqual(tree(p));
      }
    }
  });

  it('leaves flow collections, anchors and tags to the tree', () => {
    const text = 'a:\n  b: { c: 1 }\n  d: &x 2\n  e: !Ref f\n  g: [1, 2]\n';
    const index = buildLineIndex(text)!;
    expect(index.get(['a', 'b'])).toEqual({ line: 2, column: 3 });
    expect(index.get(['a', 'b', 'c'])).toBeUndefined();
    expect(index.get(['a', 'd'])).toBeUndefined();
    expect(index.get(['a', 'e'])).toBeUndefined();
    expect(index.get(['a', 'g', 0])).toBeUndefined();
  });
});
