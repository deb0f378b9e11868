import type { Diagnostic } from '../errors.js';
import type { CrossStack } from './cross-stack.js';
import { compileDefinition, countStates } from './definition.js';
import type { MachineModel, ServiceModel } from './model.js';
import { machineLogGroupLogicalId, machineLogicalId, machineOutputKey, machineRoleLogicalId } from './naming.js';
import { compileRole } from './role.js';
import { configureTaskTimeouts } from './task-timeouts.js';
import { machineTags } from './tags.js';
import type { MachineSummary, Resource, Template } from './types.js';

export interface MachineCompileResult {
  summary: MachineSummary;
  warnings: Diagnostic[];
}

/** One `AWS::StepFunctions::StateMachine` with its role, log group and output (reference §1.2, §2). */
export function compileStateMachine(svc: ServiceModel, given: MachineModel, cross: CrossStack, template: Template): MachineCompileResult {
  const basePath = ['stepFunctions', 'stateMachines', given.key];
  const m = withServerlessReferences(given, cross, basePath);
  const logicalId = machineLogicalId(m);
  const warnings: Diagnostic[] = [];
  // References into the Serverless stack, then the ASL → DefinitionString (`#{X}` is compile's last pass).
  let source = m.definition;
  if (m.configureTaskTimeouts) {
    const timed = configureTaskTimeouts(m.definition, svc.functions, svc.provider.timeout, basePath);
    source = timed.definition;
    warnings.push(...timed.warnings);
  }
  const exactVersion = m.useExactVersion === true && svc.provider.versionFunctions !== false;
  if (m.useExactVersion && !exactVersion) {
    warnings.push({
      severity: 'warning',
      code: 'exact-version-unversioned',
      message: 'useExactVersion has no effect: provider.versionFunctions is false, so the Serverless stack publishes no function versions',
      path: [...basePath, 'useExactVersion'],
      hint: 'remove useExactVersion, or turn versionFunctions back on',
    });
  }
  const definition = cross.rewrite(source, { inDefinition: true, path: [...basePath, 'definition'], exactVersion }) as Record<string, unknown>;

  const props: Record<string, unknown> = { DefinitionString: compileDefinition(definition) };
  const dependsOn: string[] = [];
  let summaryRole: string | undefined;
  let grants: MachineSummary['grants'];

  if (m.role !== undefined) {
    props.RoleArn = m.role;
  } else {
    const role = compileRole(svc, m, definition, basePath);
    Object.assign(template.Resources, role.resources);
    warnings.push(...role.warnings);
    grants = role.grants;
    summaryRole = machineRoleLogicalId(m);
    // Fn::GetAtt already orders the role first; a DependsOn on it too is redundant (cfn-lint W3005).
    props.RoleArn = { 'Fn::GetAtt': [summaryRole, 'Arn'] };
  }
  if (m.name) props.StateMachineName = m.name;
  if (m.type) props.StateMachineType = m.type;

  if (m.loggingConfig) {
    const lc = m.loggingConfig;
    const level = lc.level ?? 'OFF';
    let destinations = lc.destinations ?? [];
    if (!destinations.length && level !== 'OFF') {
      // The plugin creates no log group (#493): we make one per machine when the user names none.
      const lgId = machineLogGroupLogicalId(m);
      template.Resources[lgId] = {
        Type: 'AWS::Logs::LogGroup',
        Properties: {
          LogGroupName: `/aws/vendedlogs/states/${svc.service}-${svc.stage}-${m.key}`,
          ...(typeof svc.provider.logRetentionInDays === 'number' ? { RetentionInDays: svc.provider.logRetentionInDays } : {}),
        },
      };
      destinations = [{ 'Fn::GetAtt': [lgId, 'Arn'] }];
    }
    props.LoggingConfiguration = {
      Level: level,
      IncludeExecutionData: lc.includeExecutionData ?? false,
      ...(destinations.length
        ? { Destinations: destinations.map((arn) => ({ CloudWatchLogsLogGroup: { LogGroupArn: arn } })) }
        : {}),
    };
  }
  if (m.tracingConfig) props.TracingConfiguration = { Enabled: m.tracingConfig.enabled ?? false };
  if (m.encryptionConfig) {
    const ec = m.encryptionConfig;
    const type = ec.Type ?? 'AWS_OWNED_KEY';
    props.EncryptionConfiguration =
      type === 'AWS_OWNED_KEY'
        ? { Type: type }
        : { Type: type, KmsKeyId: ec.KmsKeyId ?? '', KmsDataKeyReusePeriodSeconds: ec.KmsDataKeyReusePeriodSeconds ?? 900 };
  }
  const tags = machineTags(svc.provider, m);
  if (tags) props.Tags = tags;

  const extraDeps = m.dependsOn === undefined ? [] : Array.isArray(m.dependsOn) ? m.dependsOn : [m.dependsOn];
  extraDeps.forEach((dep, i) => {
    const owner = cross.serverlessOwner(dep);
    if (owner === undefined) return dependsOn.push(dep);
    // CloudFormation orders only within a stack; the Serverless stack is deployed first (README, two stacks).
    warnings.push({
      severity: 'warning',
      code: 'depends-on-serverless-stack',
      message: `dependsOn ${dep} is dropped: ${owner} stays in the Serverless stack, which is deployed before stepf's, so the order is already kept`,
      path: [...basePath, 'dependsOn', ...(Array.isArray(m.dependsOn) ? [i] : [])],
      hint: `remove ${dep} from dependsOn (a DependsOn can name only resources of the same stack)`,
    });
  });

  const resource: Resource = { Type: 'AWS::StepFunctions::StateMachine', Properties: props };
  if (dependsOn.length) resource.DependsOn = dependsOn;
  if (m.retain) {
    resource.DeletionPolicy = 'Retain';
    resource.UpdateReplacePolicy = 'Retain';
  }
  template.Resources[logicalId] = resource;

  let outputKey: string | undefined;
  if (!svc.noOutput) {
    outputKey = machineOutputKey(m);
    template.Outputs ??= {};
    template.Outputs[outputKey] = { Description: 'Current StateMachine Arn', Value: { Ref: logicalId } };
  }

  return {
    summary: {
      key: m.key,
      logicalId,
      name: m.name,
      type: m.type ?? 'STANDARD',
      states: countStates(m.definition),
      outputKey,
      roleLogicalId: summaryRole,
      grants,
      ...(m.versions === true ? { versions: true, aliases: (m.aliases ?? []).map((a) => a.name) } : {}),
      definition: m.definition as Record<string, unknown>,
    },
    warnings,
  };
}

/**
 * The machine's own settings that land in stepf's template (role, log destinations, keys, extra statements),
 * with their references into the Serverless stack rewritten as in the definition: a log group named by
 * `loggingConfig.destinations` that stays with the Serverless stack is reached by its ARN.
 */
function withServerlessReferences(m: MachineModel, cross: CrossStack, basePath: Array<string | number>): MachineModel {
  const rewrite = <T>(value: T, key: string): T => (value === undefined ? value : (cross.rewrite(value, { inDefinition: false, path: [...basePath, key] }) as T));
  return {
    ...m,
    role: rewrite(m.role, 'role'),
    loggingConfig: rewrite(m.loggingConfig, 'loggingConfig'),
    encryptionConfig: rewrite(m.encryptionConfig, 'encryptionConfig'),
    kmsKeyArns: rewrite(m.kmsKeyArns, 'kmsKeyArns'),
    iamRoleStatements: rewrite(m.iamRoleStatements, 'iamRoleStatements'),
  };
}
