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
