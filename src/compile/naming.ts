/**
 * Every logical ID and generated name in one place. The rules are the plugin's (reference §2), so a plugin
 * user's Refs, outputs and dashboards keep working: Normalized(x) replaces `-` with `Dash`, `_` with
 * `Underscore`, and upper-cases the first character.
 */
export function normalize(name: string): string {
  const s = name.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export interface MachineNaming {
  key: string;
  id?: string;
  name?: string;
}

/** `Normalized(id || name)`, else `Normalized(key)StepFunctionsStateMachine`. */
export function machineLogicalId(m: MachineNaming): string {
  const base = m.id ?? m.name;
  return base ? normalize(base) : `${normalize(m.key)}StepFunctionsStateMachine`;
}

export function machineOutputKey(m: MachineNaming): string {
  const base = m.id ?? m.name;
  return base ? `${normalize(base)}Arn` : `${normalize(m.key)}StepFunctionsStateMachineArn`;
}

export function machineRoleLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}Role`;
}

/** Separate policy for statements naming the machine itself (a Ref from the role to its machine is a cycle). */
export function machineSelfPolicyLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}SelfPolicy`;
}

export function machineLogGroupLogicalId(m: MachineNaming): string {
  return `${machineLogicalId(m)}LogGroup`;
}

export function rolePolicyName(stage: string, service: string): string {
  return `${stage}-${service}-statemachine`;
}

export function activityLogicalId(name: string): string {
  return `${normalize(name)}StepFunctionsActivity`;
}

export function activityOutputKey(name: string): string {
  return `${normalize(name)}StepFunctionsActivityArn`;
}

/** The Serverless Framework's Lambda logical ID for a function key. */
export function lambdaLogicalId(functionKey: string): string {
  return `${normalize(functionKey)}LambdaFunction`;
}

/** The Serverless Framework's default function name. */
export function defaultFunctionName(service: string, stage: string, key: string): string {
  return `${service}-${stage}-${key}`;
}

export function defaultStackName(service: string, stage: string): string {
  return `${service}-${stage}-stepf`;
}

export function serverlessStackName(service: string, stage: string): string {
  return `${service}-${stage}`;
}
