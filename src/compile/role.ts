import type { Diagnostic } from '../errors.js';
import { derivePolicy } from './iam/index.js';
import type { MachineModel, ServiceModel } from './model.js';
import { machineLogicalId, machineRoleLogicalId, machineSelfPolicyLogicalId, rolePolicyName } from './naming.js';
import type { IamStatement, Resource } from './types.js';

export interface RoleResult {
  resources: Record<string, Resource>;
  warnings: Diagnostic[];
  grants: Array<{ actions: string[]; resources: unknown[] }>;
}

/** The role for a machine without `role`: least privilege from the definition (compile/iam), plus the user's statements. */
export function compileRole(svc: ServiceModel, m: MachineModel, definition: Record<string, unknown>, basePath: Array<string | number>): RoleResult {
  const logicalId = machineLogicalId(m);
  const roleId = machineRoleLogicalId(m);
  const policy = derivePolicy({
    definition,
    machineKey: m.key,
    machineLogicalId: logicalId,
    stateMachineName: m.name,
    loggingConfig: m.loggingConfig,
    tracingConfig: m.tracingConfig,
    kmsKeyArns: m.kmsKeyArns,
    encryptionKmsKeyId: m.encryptionConfig?.Type === 'CUSTOMER_MANAGED_KMS_KEY' ? m.encryptionConfig.KmsKeyId : undefined,
    basePath,
    resourceType: (id) => (svc.resources.Resources?.[id]?.Type ?? svc.serverlessResources[id]?.Type) as string | undefined,
  });
  const statements: IamStatement[] = [...policy.statements, ...((m.iamRoleStatements ?? []) as unknown as IamStatement[])];
  const boundary = svc.provider.iam?.role?.permissionsBoundary ?? svc.provider.rolePermissionsBoundary;
  const path = svc.provider.iam?.role?.path;
  const resources: Record<string, Resource> = {
    [roleId]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'states.amazonaws.com' },
              Action: 'sts:AssumeRole',
              // Confused-deputy guard: only Step Functions acting for this account may assume the role.
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        ...(statements.length
          ? { Policies: [{ PolicyName: rolePolicyName(svc.stage, svc.service), PolicyDocument: { Version: '2012-10-17', Statement: statements } }] }
          : {}),
        ...(path ? { Path: path } : {}),
        ...(boundary ? { PermissionsBoundary: boundary } : {}),
      },
    },
  };
  if (policy.selfStatements.length) {
    resources[machineSelfPolicyLogicalId(m)] = {
      Type: 'AWS::IAM::Policy',
      Properties: {
        PolicyName: `${rolePolicyName(svc.stage, svc.service)}-self`,
        PolicyDocument: { Version: '2012-10-17', Statement: policy.selfStatements },
        Roles: [{ Ref: roleId }],
      },
    };
  }
  return { resources, warnings: policy.warnings, grants: policy.grants };
}
