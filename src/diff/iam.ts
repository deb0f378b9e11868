// IAM statements of a template (roles' inline policies, AWS::IAM::Policy / ManagedPolicy documents, trust
// policies) and how two templates differ in them: the changes a reviewer must see first.
import type { Template } from '../compile/types.js';
import { asList, canonical, show } from './values.js';

export interface IamStatementRow {
  change: 'added' | 'removed';
  /** Logical ID of the role or policy that holds the statement. */
  holder: string;
  /** `policy <name>`, `trust policy`, or the policy resource's document. */
  where: string;
  effect: string;
  actions: string[];
  resources: string[];
  principal?: string;
  condition?: string;
}

interface Located {
  holder: string;
  where: string;
  statement: Record<string, unknown>;
  /** Roles the statement applies to (the role itself, or the Roles of a policy resource). */
  roles: string[];
}

function refsOf(list: unknown): string[] {
  return asList(list).map((r) => (r && typeof r === 'object' && typeof (r as { Ref?: unknown }).Ref === 'string' ? (r as { Ref: string }).Ref : show(r)));
}

function statementsOf(doc: unknown): Array<Record<string, unknown>> {
  const st = (doc as { Statement?: unknown } | undefined)?.Statement;
  return asList(st).filter((s): s is Record<string, unknown> => !!s && typeof s === 'object');
}

export function locateStatements(t: Template | undefined): Located[] {
  const out: Located[] = [];
  for (const [id, r] of Object.entries(t?.Resources ?? {})) {
    const p = r.Properties ?? {};
    if (r.Type === 'AWS::IAM::Role') {
      for (const s of statementsOf(p.AssumeRolePolicyDocument)) out.push({ holder: id, where: 'trust policy', statement: s, roles: [] });
      for (const pol of asList(p.Policies) as Array<{ PolicyName?: unknown; PolicyDocument?: unknown }>) {
        for (const s of statementsOf(pol?.PolicyDocument)) out.push({ holder: id, where: `policy ${show(pol?.PolicyName)}`, statement: s, roles: [id] });
      }
    } else if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      for (const s of statementsOf(p.PolicyDocument)) out.push({ holder: id, where: r.Type === 'AWS::IAM::Policy' ? `policy ${show(p.PolicyName)}` : 'managed policy', statement: s, roles: refsOf(p.Roles) });
    }
  }
  return out;
}

function row(change: IamStatementRow['change'], l: Located): IamStatementRow {
  const s = l.statement;
  const notA = s.NotAction !== undefined;
  const notR = s.NotResource !== undefined;
  return {
    change,
    holder: l.holder,
    where: l.where,
    effect: String(s.Effect ?? 'Allow'),
    actions: asList(notA ? s.NotAction : s.Action).map((a) => `${notA ? 'NOT ' : ''}${show(a)}`),
    resources: asList(notR ? s.NotResource : s.Resource).map((x) => `${notR ? 'NOT ' : ''}${show(x)}`),
    ...(s.Principal !== undefined ? { principal: show(s.Principal) } : {}),
    ...(s.Condition !== undefined ? { condition: JSON.stringify(s.Condition) } : {}),
  };
}

/** Statements added and removed, matched by holder, policy and content (a reordered policy is no change). */
export function diffIam(before: Template | undefined, after: Template | undefined): IamStatementRow[] {
  const key = (l: Located) => `${l.holder}|${l.where}|${canonical(l.statement)}`;
  const a = locateStatements(before);
  const b = locateStatements(after);
  const inA = new Set(a.map(key));
  const inB = new Set(b.map(key));
  return [...b.filter((l) => !inA.has(key(l))).map((l) => row('added', l)), ...a.filter((l) => !inB.has(key(l))).map((l) => row('removed', l))];
}

/**
 * What the role's allow statements grant, one `action resource condition` triple each, whatever way
 * the statements are grouped (the derivation merges actions and resources differently as a definition grows).
 */
export function grantsOfRole(t: Template | undefined, roleId: string): Set<string> {
  const out = new Set<string>();
  for (const l of locateStatements(t)) {
    if (!l.roles.includes(roleId) || l.statement.Effect === 'Deny') continue;
    const cond = canonical(l.statement.Condition);
    const actions = l.statement.NotAction !== undefined ? asList(l.statement.NotAction).map((a) => `NOT ${show(a)}`) : asList(l.statement.Action).map(show);
    const resources = l.statement.NotResource !== undefined ? asList(l.statement.NotResource).map((r) => `NOT ${canonical(r)}`) : asList(l.statement.Resource).map(canonical);
    for (const a of actions) for (const r of resources) out.add(`${a}\t${r}\t${cond}`);
  }
  return out;
}

/** The grants the next template gives the role that the deployed one does not: empty means the deployed role covers it. */
export function missingGrants(before: Template | undefined, after: Template, roleId: string): string[] {
  const have = grantsOfRole(before, roleId);
  const missing: string[] = [];
  for (const g of grantsOfRole(after, roleId)) {
    if (have.has(g)) continue;
    const [action, resource, cond] = g.split('\t');
    let shown = resource;
    try {
      shown = show(JSON.parse(resource));
    } catch {
      // NOT-forms stay as written
    }
    missing.push(`${action} on ${shown}${cond !== 'undefined' ? ` when ${cond}` : ''}`);
  }
  return missing;
}
