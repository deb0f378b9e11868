import { forEachState } from '../util/states.js';
import { getAttParts, isIntrinsic } from './intrinsics.js';
import { replacePseudo } from './pseudo.js';
import { hexDigest } from '../util/hash.js';

/**
 * `definition` → `DefinitionString` (reference §3), with the plugin's bugs fixed:
 * - Ref/GetAtt become `${X}` / `${X.Attr}` inline; other intrinsics become named Fn::Sub variables.
 * - Numeric fields given by an intrinsic (Wait `Seconds`, `TimeoutSeconds`, ...) stay numbers, not strings.
 * - Any `${...}` makes the whole definition an Fn::Sub, always,
 *   so `${!x}` is consistently a literal `${x}`.
 * - Strings are JSON-encoded, so quotes and backslashes in values never break the output.
 * The JSON is compact: the template size limit is 1 MB and pretty-printing spends it on spaces.
 */

const NUMERIC_FIELDS = new Set([
  'Seconds', 'TimeoutSeconds', 'HeartbeatSeconds', 'MaxConcurrency', 'MaxAttempts', 'IntervalSeconds', 'BackoffRate',
  'MaxDelaySeconds', 'ToleratedFailureCount', 'ToleratedFailurePercentage', 'MaxItemsPerBatch', 'MaxInputBytesPerBatch', 'MaxItems',
]);

const SENTINEL = (n: number) => `@@stepf:${n}@@`;
const SENTINEL_RE = /"@@stepf:(\d+)@@"|@@stepf:(\d+)@@/g;

export type DefinitionString = string | { 'Fn::Sub': string | [string, Record<string, unknown>] };

/**
 * The Fn::Sub text that stands for an intrinsic: `${X}` for Ref, `${X.Attr}` for GetAtt, the text of a
 * string Fn::Sub, else a named variable added to `vars` (named by a hash, so identical ones share it).
 */
export function substitutionFor(intrinsic: Record<string, unknown>, vars: Record<string, unknown>): string {
  const [key] = Object.keys(intrinsic);
  const val = intrinsic[key];
  if (key === 'Ref' && typeof val === 'string') return `\${${val}}`;
  if (key === 'Fn::GetAtt') {
    const parts = getAttParts(val);
    if (parts) return `\${${parts[0]}.${parts[1]}}`;
  }
  if (key === 'Fn::Sub' && typeof val === 'string') return val;
  // Named by what the template will hold (`#{X}` substituted by compile's last pass).
  const name = `Var${hexDigest('sha1', JSON.stringify(replacePseudo(intrinsic))).slice(0, 10)}`;
  vars[name] = intrinsic;
  return `\${${name}}`;
}

export function compileDefinition(definition: unknown): DefinitionString {
  const inline: string[] = [];
  const vars: Record<string, unknown> = {};
  let hasSub = false;

  const walk = (v: unknown, parentKey?: string): unknown => {
    if (typeof v === 'string') {
      if (v.includes('${')) hasSub = true;
      return v;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === 'object') {
      if (isIntrinsic(v)) {
        hasSub = true;
        inline.push(substitutionFor(v, vars));
        const s = SENTINEL(inline.length - 1);
        // Numeric fields keep their type: the sentinel is later written without quotes.
        return parentKey && NUMERIC_FIELDS.has(parentKey) ? `${s}#raw` : s;
      }
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };

  const walked = walk(definition);
  let json = JSON.stringify(walked);
  if (!hasSub) return json;
  json = json.replace(/"@@stepf:(\d+)@@#raw"/g, (_m, n: string) => inline[Number(n)]);
  json = json.replace(SENTINEL_RE, (m, quoted: string | undefined, bare: string | undefined) => {
    const text = inline[Number(quoted ?? bare)];
    const escaped = JSON.stringify(text).slice(1, -1);
    return quoted !== undefined ? `"${escaped}"` : escaped;
  });
  return Object.keys(vars).length ? { 'Fn::Sub': [json, vars] } : { 'Fn::Sub': json };
}

/** Counts states, nested ones (Parallel branches, Map processors) included. */
export function countStates(definition: unknown): number {
  let n = 0;
  forEachState(definition, () => n++);
  return n;
}
