// Fixtures' machines as the CLI sees them (packaged, definitions resolved), and an SVG reader.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { packageService } from '../../src/pipeline.js';
import type { GraphModel } from '../../src/graph/model.js';

export const fixturesRoot = resolve(__dirname, '../../fixtures');

export interface FixtureMachine {
  fixture: string;
  key: string;
  definition: Record<string, unknown>;
}

/** Every machine of every fixture that packages without AWS. */
export async function fixtureMachines(): Promise<FixtureMachine[]> {
  const saved = { AWS_REGION: process.env.AWS_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
  process.env.AWS_REGION = 'us-east-1';
  process.env.AWS_CONFIG_FILE = '/nonexistent';
  const out: FixtureMachine[] = [];
  try {
    for (const fixture of readdirSync(fixturesRoot).sort()) {
      const dir = join(fixturesRoot, fixture);
      if (!existsSync(join(dir, 'serverless.yml'))) continue;
      const pkg = await packageService({ cwd: dir, stage: 'dev' });
      for (const m of pkg.machines) if (m.definition) out.push({ fixture, key: m.key, definition: m.definition });
    }
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  return out;
}

/** Every state name in a definition, nested ones included. */
export function stateNames(definition: unknown): string[] {
  const names: string[] = [];
  const walk = (def: unknown) => {
    const states = (def as { States?: Record<string, Record<string, unknown>> })?.States ?? {};
    for (const [name, state] of Object.entries(states)) {
      names.push(name);
      for (const b of (state.Branches as unknown[] | undefined) ?? []) walk(b);
      if (state.ItemProcessor ?? state.Iterator) walk(state.ItemProcessor ?? state.Iterator);
    }
  };
  walk(definition);
  return names;
}

export interface SvgGroup {
  /** node, edge, cluster or graph. */
  cls: string;
  /** Further classes, e.g. status-failed or taken from an overlay. */
  classes: string[];
  title: string;
  texts: string[];
}

/** The node, edge and cluster groups Graphviz drew, with their titles; throws when the SVG is not well-formed XML. */
export function svgGroups(svg: string): { root: Record<string, unknown>; groups: SvgGroup[] } {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true, isArray: (name) => name === 'g' || name === 'text' }).parse(svg) as {
    svg: Record<string, unknown>;
  };
  const groups: SvgGroup[] = [];
  const textOf = (t: unknown): string => (typeof t === 'object' && t !== null ? String((t as Record<string, unknown>)['#text'] ?? '') : String(t));
  const visit = (g: Record<string, unknown>) => {
    const [cls, ...classes] = String(g['@class'] ?? '').split(/\s+/);
    if (cls) {
      const texts: string[] = [];
      const collect = (node: unknown) => {
        if (!node || typeof node !== 'object') return;
        for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
          if (k === 'text') for (const t of v as unknown[]) texts.push(textOf(t));
          else if (k !== 'g' && typeof v === 'object') collect(v);
        }
      };
      collect(g);
      groups.push({ cls, classes, title: textOf(g.title), texts });
    }
    for (const child of (g.g as Array<Record<string, unknown>> | undefined) ?? []) visit(child);
  };
  visit(doc.svg);
  return { root: doc.svg, groups };
}

/** `A->B` for each edge of a model, as Graphviz titles them. */
export function edgeTitles(model: GraphModel): string[] {
  return model.edges.map((e) => `${e.from}->${e.to}`).sort();
}

// Advance widths (em) of DejaVu Sans, regular and bold, for ASCII 32..126, measured from DejaVuSans.ttf and
// DejaVuSans-Bold.ttf. DejaVu is the widest of the fonts stepf's SVG asks for, so text that fits at these
// widths fits in Helvetica and Arial too.
const DEJAVU_REGULAR = [
  0.32, 0.4, 0.46, 0.84, 0.64, 0.95, 0.78, 0.27, 0.39, 0.39, 0.5, 0.84, 0.32, 0.36, 0.32, 0.34, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.64, 0.34, 0.34,
  0.84, 0.84, 0.84, 0.53, 1, 0.71, 0.69, 0.7, 0.77, 0.63, 0.58, 0.77, 0.75, 0.29, 0.29, 0.66, 0.56, 0.86, 0.75, 0.79, 0.6, 0.79, 0.69, 0.63, 0.59, 0.73, 0.68, 0.99,
  0.69, 0.61, 0.69, 0.39, 0.34, 0.39, 0.84, 0.5, 0.5, 0.61, 0.63, 0.55, 0.63, 0.62, 0.34, 0.63, 0.63, 0.28, 0.28, 0.58, 0.28, 0.97, 0.63, 0.61, 0.63, 0.63, 0.39, 0.52,
  0.39, 0.63, 0.59, 0.82, 0.59, 0.59, 0.52, 0.64, 0.34, 0.64, 0.84,
];
const DEJAVU_BOLD = [
  0.35, 0.46, 0.52, 0.84, 0.7, 1, 0.87, 0.31, 0.46, 0.46, 0.52, 0.84, 0.38, 0.42, 0.38, 0.37, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.4, 0.4, 0.84, 0.84,
  0.84, 0.58, 1, 0.77, 0.76, 0.73, 0.83, 0.68, 0.68, 0.82, 0.84, 0.37, 0.37, 0.77, 0.64, 1, 0.84, 0.85, 0.73, 0.85, 0.77, 0.68, 0.7, 0.81, 0.77, 1.1, 0.77, 0.72,
  0.73, 0.46, 0.37, 0.46, 0.84, 0.5, 0.5, 0.67, 0.72, 0.59, 0.72, 0.68, 0.41, 0.72, 0.71, 0.34, 0.34, 0.67, 0.34, 1.04, 0.71, 0.69, 0.72, 0.72, 0.49, 0.6, 0.48, 0.71,
  0.65, 0.92, 0.65, 0.65, 0.58, 0.71, 0.37, 0.71, 0.84,
];

/** How wide text is drawn in DejaVu Sans (a character outside ASCII counts 1 em). */
export function dejaVuWidth(text: string, size: number, bold = false): number {
  const table = bold ? DEJAVU_BOLD : DEJAVU_REGULAR;
  let em = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    em += code >= 32 && code < 127 ? table[code - 32] : 1;
  }
  return em * size;
}

export interface Box {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export interface DrawnText extends Box {
  text: string;
  /** The baseline. */
  y: number;
}

export interface DrawnShape extends Box {
  fill?: string;
  stroke?: string;
}

export interface LaidOutGroup {
  cls: string;
  title: string;
  shapes: DrawnShape[];
  texts: DrawnText[];
}

const boxOf = (numbers: number[]): Box => {
  const xs = numbers.filter((_, i) => i % 2 === 0);
  const ys = numbers.filter((_, i) => i % 2 === 1);
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
};

/** Where Graphviz put each shape and each text (as DejaVu Sans would draw it), by group: the graph, nodes, edges, clusters. */
export function svgLayout(svg: string): LaidOutGroup[] {
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    htmlEntities: true,
    isArray: (name) => ['g', 'text', 'polygon', 'path', 'ellipse', 'polyline'].includes(name),
  }).parse(svg) as { svg: Record<string, unknown> };
  type El = Record<string, unknown>;
  const out: LaidOutGroup[] = [];
  const visit = (g: El) => {
    const cls = String(g['@class'] ?? '').split(/\s+/)[0];
    if (cls) {
      const shapes: DrawnShape[] = [];
      const look = (el: El) => ({ ...(el['@fill'] ? { fill: String(el['@fill']) } : {}), ...(el['@stroke'] ? { stroke: String(el['@stroke']) } : {}) });
      const nums = (s: unknown) => (String(s).match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
      for (const el of (g.polygon as El[] | undefined) ?? []) shapes.push({ ...boxOf(nums(el['@points'])), ...look(el) });
      for (const el of (g.polyline as El[] | undefined) ?? []) shapes.push({ ...boxOf(nums(el['@points'])), ...look(el) });
      for (const el of (g.path as El[] | undefined) ?? []) shapes.push({ ...boxOf(nums(el['@d'])), ...look(el) });
      for (const el of (g.ellipse as El[] | undefined) ?? []) {
        const [cx, cy, rx, ry] = ['@cx', '@cy', '@rx', '@ry'].map((k) => Number(el[k]));
        shapes.push({ x0: cx - rx, x1: cx + rx, y0: cy - ry, y1: cy + ry, ...look(el) });
      }
      const texts: DrawnText[] = ((g.text as El[] | undefined) ?? []).map((t) => {
        const text = String(t['#text'] ?? '');
        const size = Number(t['@font-size']);
        const width = dejaVuWidth(text, size, t['@font-weight'] === 'bold');
        const x = Number(t['@x']);
        const y = Number(t['@y']);
        const x0 = t['@text-anchor'] === 'middle' ? x - width / 2 : t['@text-anchor'] === 'end' ? x - width : x;
        // Capital height and most of the descent of DejaVu Sans (0.73 and 0.24 em): where the ink is.
        return { text, x0, x1: x0 + width, y, y0: y - 0.75 * size, y1: y + 0.2 * size };
      });
      const title = g.title === undefined ? '' : typeof g.title === 'object' ? String((g.title as El)['#text'] ?? '') : String(g.title);
      out.push({ cls, title, shapes, texts });
    }
    for (const child of (g.g as El[] | undefined) ?? []) visit(child);
  };
  visit(doc.svg);
  return out;
}

/** Whether two boxes share any area. */
export const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
