import { array, enum as oneOf, optional, strictObject, string } from 'zod/mini';
import type { output } from 'zod/mini';
import type { ConfigPath, Diagnostic } from '../../errors.js';
import { isPlainObject, leaf, wholeNumber } from './common.js';

/**
 * `versions` and `aliases` of a state machine (issue 15): a version is published whenever the machine
 * changes, and each alias points at versions, moving to a new one at once or gradually (CloudFormation's
 * DeploymentPreference), rolling back when an alarm fires.
 */

export const DEPLOYMENT_TYPES = ['ALL_AT_ONCE', 'CANARY', 'LINEAR'] as const;

/** Step Functions' alias name rule: letters, digits, `-`, `_`, `.`, not digits only, 1 to 80 characters. */
const ALIAS_NAME = /^(?=.*[a-zA-Z_.-])[a-zA-Z0-9_.-]{1,80}$/;

export function buildAlias() {
  return strictObject({
    name: leaf<string>((v) => typeof v === 'string' && ALIAS_NAME.test(v), 'an alias name (letters, digits, -, _ and ., not only digits, at most 80 characters)'),
    deployment: optional(
      strictObject({
        type: oneOf(DEPLOYMENT_TYPES),
        percentage: optional(wholeNumber(1, 99, 'a whole percentage', 'the share of executions moved to the new version at each step (CANARY: the first step, then the rest)')),
        interval: optional(wholeNumber(1, 2100, 'a whole number of minutes', 'the minutes between steps, at most 2100 (35 hours)')),
        alarms: optional(array(string())),
      }),
    ),
  });
}

export type AliasConfig = output<ReturnType<typeof buildAlias>>;

type Obj = Record<string, unknown>;

/** Checks across keys: aliases need versions, names are unique, each deployment type takes its own settings. */
export function checkAliasRules(m: Obj, path: ConfigPath, out: Diagnostic[]): void {
  if (!Array.isArray(m.aliases)) return;
  if (m.aliases.length && m.versions !== true) {
    out.push({
      severity: 'error',
      code: 'missing-key',
      path: [...path, 'aliases'],
      message: 'aliases point at published versions, and this state machine publishes none',
      hint: `add \`versions: true\` to ${path.join('.')}`,
    });
  }
  const seen = new Map<string, number>();
  m.aliases.forEach((a, i) => {
    if (!isPlainObject(a)) return;
    const at = [...path, 'aliases', i];
    if (typeof a.name === 'string') {
      // Logical IDs upper-case the first letter, so `live` and `Live` would collide there too.
      const key = a.name.charAt(0).toUpperCase() + a.name.slice(1);
      const other = seen.get(key);
      if (other !== undefined) out.push({ severity: 'error', code: 'duplicate-alias', path: [...at, 'name'], message: `aliases[${other}] and aliases[${i}] are both named "${a.name}"`, hint: 'give each alias its own name' });
      else seen.set(key, i);
    }
    const d = a.deployment;
    if (!isPlainObject(d) || typeof d.type !== 'string') return;
    const dPath = [...at, 'deployment'];
    if (d.type === 'ALL_AT_ONCE') {
      for (const k of ['percentage', 'interval']) {
        if (d[k] !== undefined) out.push({ severity: 'error', code: 'conflict', path: [...dPath, k], message: `${k} applies to CANARY and LINEAR deployments; ALL_AT_ONCE moves every execution at once`, hint: `remove ${k}, or use type: CANARY or LINEAR` });
      }
    } else if (d.type === 'CANARY' || d.type === 'LINEAR') {
      const what = d.type === 'CANARY' ? 'the share the new version gets first, and the minutes before it gets the rest' : 'the share moved at each step, and the minutes between steps';
      for (const k of ['percentage', 'interval']) {
        if (d[k] === undefined) out.push({ severity: 'error', code: 'missing-key', path: dPath, message: `a ${d.type} deployment needs ${k}`, hint: `percentage and interval are ${what}, e.g. percentage: 10, interval: 5` });
      }
    }
  });
}
