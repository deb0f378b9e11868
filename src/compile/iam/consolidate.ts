import type { IamStatement } from '../types.js';
import type { Res } from './arn.js';
import { isUnscoped } from './iam-table.js';
import type { Condition, Grant } from './types.js';

/** Identity of a resource: cheap for the common forms (ARN string, Fn::Sub text), JSON otherwise. */
function key(v: unknown): string {
  if (typeof v === 'string') return `s${v}`;
  const sub = (v as Record<string, unknown>)['Fn::Sub'];
  if (typeof sub === 'string' && Object.keys(v as object).length === 1) return `f${sub}`;
  const ref = (v as Record<string, unknown>).Ref;
  if (typeof ref === 'string' && Object.keys(v as object).length === 1) return `r${ref}`;
  return `j${JSON.stringify(v)}`;
}

/** The Fn::Sub text of a resource with no variables (or the plain ARN), for pattern comparison. */
function plainText(r: Res): string | undefined {
  if (typeof r === 'string') return r;
  const s = r['Fn::Sub'];
  return typeof s === 'string' && Object.keys(r).length === 1 ? s : undefined;
}

function globMatch(pattern: string, text: string): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return pattern === text;
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return re.test(text);
}

/** Drops resources that another resource of the list already matches (`table/T` under `table/*`). */
function dropCovered(resources: Res[]): Res[] {
  if (resources.some((r) => r === '*')) return ['*'];
  const patterns = resources.map(plainText).filter((t): t is string => !!t && t.includes('*'));
  if (!patterns.length) return resources;
  return resources.filter((r) => {
    const t = plainText(r);
    return !t || !patterns.some((p) => p !== t && globMatch(p, t));
  });
}

/**
 * Grants → statements: per condition, each action gets the union of its resources (actions without
 * resource-level permissions get `*`), then actions with the same resources share one statement.
 * Order follows the definition, so the output is deterministic.
 */
export function consolidate(grants: Grant[]): IamStatement[] {
  const groups = new Map<string, { condition?: Condition; actions: Map<string, Map<string, Res>> }>();
  const unscoped = new Map<string, boolean>();
  for (const g of grants) {
    const ck = g.condition ? JSON.stringify(g.condition) : '';
    let group = groups.get(ck);
    if (!group) groups.set(ck, (group = { condition: g.condition, actions: new Map() }));
    const keys = g.resources.map(key);
    for (const action of g.actions) {
      let res = group.actions.get(action);
      if (!res) group.actions.set(action, (res = new Map()));
      let star = unscoped.get(action);
      if (star === undefined) unscoped.set(action, (star = isUnscoped(action)));
      if (star) res.set('s*', '*');
      else for (let i = 0; i < keys.length; i++) res.set(keys[i], g.resources[i]);
    }
  }
  const statements: IamStatement[] = [];
  for (const { condition, actions } of groups.values()) {
    const byResources = new Map<string, { actions: string[]; resources: Res[] }>();
    for (const [action, res] of actions) {
      const resources = dropCovered([...res.values()]);
      const rk = resources.map(key).join('\u0000');
      const entry = byResources.get(rk);
      if (entry) entry.actions.push(action);
      else byResources.set(rk, { actions: [action], resources });
    }
    for (const { actions: acts, resources } of byResources.values()) {
      statements.push({
        Effect: 'Allow',
        Action: [...acts].sort(),
        Resource: resources,
        ...(condition ? { Condition: condition } : {}),
      });
    }
  }
  return statements;
}
