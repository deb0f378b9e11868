// Pure: can this diff be applied by updating state machines directly (UpdateStateMachine), or does it
// need CloudFormation? Only definition, substitution, logging and tracing changes can be hotswapped;
// a role may change only by losing grants (the deployed role already covers the new definition, as the
// IAM derivation in compile/iam decides); anything else is a reason to fall back, named for the user.
import type { Template } from '../compile/types.js';
import { missingGrants } from './iam.js';
import { sectionLabel, STATE_MACHINE, type TemplateDiff } from './index.js';
import { asList } from './values.js';

export const HOTSWAPPABLE = new Set(['DefinitionString', 'Definition', 'DefinitionSubstitutions', 'LoggingConfiguration', 'TracingConfiguration']);
const POLICY_PROPS: Record<string, string> = { 'AWS::IAM::Role': 'Policies', 'AWS::IAM::Policy': 'PolicyDocument' };

export interface HotswapPlan {
  /** Logical IDs of the state machines to update. */
  machines: string[];
  /** Why the change needs CloudFormation; empty when it can be hotswapped. */
  blockers: string[];
  /** What the hotswap leaves as it is (grants the new definitions no longer need). */
  notes: string[];
}

function rolesOf(t: Template, id: string): string[] {
  const r = t.Resources[id];
  if (r?.Type === 'AWS::IAM::Role') return [id];
  return asList(r?.Properties?.Roles).map((x) => (x as { Ref?: string })?.Ref ?? '').filter(Boolean);
}

function publishesVersions(t: Template, machineId: string): boolean {
  return Object.values(t.Resources).some((r) => r.Type === 'AWS::StepFunctions::StateMachineVersion' && (r.Properties?.StateMachineArn as { Ref?: string } | undefined)?.Ref === machineId);
}

export function planHotswap(diff: TemplateDiff, deployed: Template | undefined, next: Template): HotswapPlan {
  const plan: HotswapPlan = { machines: [], blockers: [], notes: [] };
  if (!diff.stackExists || !deployed) {
    plan.blockers.push('the stack does not exist yet (a first deploy goes through CloudFormation)');
    return plan;
  }
  for (const r of diff.resources) {
    if (r.change !== 'modified') {
      plan.blockers.push(r.type === STATE_MACHINE ? `state machine ${r.logicalId} is ${r.change}` : `${r.logicalId} (${r.type}) is ${r.change}`);
      continue;
    }
    const props = r.properties.map((p) => p.property);
    if (r.type === STATE_MACHINE) {
      const other = props.filter((p) => !HOTSWAPPABLE.has(p));
      if (other.length) plan.blockers.push(`state machine ${r.logicalId}: ${other.join(', ')} changed (only the definition, DefinitionSubstitutions, logging and tracing can be hotswapped)`);
      // UpdateStateMachine would change the machine under its aliases without publishing a version.
      else if (publishesVersions(next, r.logicalId)) plan.blockers.push(`state machine ${r.logicalId} publishes versions (versions: true): CloudFormation publishes the new version and moves its aliases`);
      else plan.machines.push(r.logicalId);
      continue;
    }
    const policyProp = POLICY_PROPS[r.type];
    if (policyProp && props.every((p) => p === policyProp)) {
      for (const role of rolesOf(next, r.logicalId)) {
        const missing = missingGrants(deployed, next, role);
        if (missing.length) plan.blockers.push(`role ${role} needs ${missing.length === 1 ? 'a new grant' : `${missing.length} new grants`}: ${missing.join('; ')}`);
        else plan.notes.push(`role ${role} keeps grants the new definition no longer needs, until the next \`stepf deploy\``);
      }
      continue;
    }
    plan.blockers.push(`${r.logicalId} (${r.type}): ${props.join(', ')} changed`);
  }
  for (const o of diff.outputs) plan.blockers.push(`output ${o.key} is ${o.change}`);
  for (const p of diff.parameters) plan.blockers.push(`parameter ${p.key} ${p.change === 'modified' ? 'has a new value' : `is ${p.change}`}`);
  for (const c of diff.sections) plan.blockers.push(`${sectionLabel(c)} is ${c.change}: only a change set updates the template's ${c.section}`);
  return plan;
}

const PRODUCTION = /^(prod|production|live)$/i;

/** A stage --hotswap and `stepf watch` refuse without --force: named like production, or listed in custom.stepf.protectedStages. */
export function isProtectedStage(stage: string, configured: string[] = []): boolean {
  return PRODUCTION.test(stage) || configured.includes(stage);
}
