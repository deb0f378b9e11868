import { A, P, regional, type Res, sub } from '../arn.js';
import type { Condition, Grant, TaskCtx } from '../types.js';
import type { Val } from '../values.js';
import { isSync, passRole, roleArn } from './common.js';

const DYN: Val = { kind: 'dynamic' };
const known = (v: Val): Val => (v.kind === 'text' || v.kind === 'ref' ? v : DYN);
/** A cluster name, or the name inside an EKS cluster ARN. */
const nameOf = (v: Val): Val => (v.kind === 'text' && v.text.startsWith('arn:') ? { kind: 'text', text: v.text.split('/').pop() ?? '*' } : known(v));

const cluster = (name: Val): Res => regional('eks', 'cluster/', nameOf(name));
/** Node groups and Fargate profiles end in a UUID EKS chooses: `nodegroup/<cluster>/<name>/*`. */
const child = (type: string, clusterName: Val, name: Val): Res => regional('eks', `${type}/`, nameOf(clusterName), '/', known(name), '/*');

/**
 * Amazon EKS (IAM policies for Amazon EKS, Step Functions developer guide), narrowed to the cluster,
 * node group and Fargate profile the Task names; PassRole only on the role it passes.
 */
export function eksGrants(t: TaskCtx, op: string): Grant[] | undefined {
  const p = t.params;
  switch (op) {
    case 'runJob':
    case 'call':
      // Kubernetes API calls: what they may do is the cluster's RBAC (aws-auth or access entries), not IAM.
      return [{ actions: ['eks:DescribeCluster'], resources: [cluster(p.get('ClusterName'))] }];
    case 'createCluster':
      return [
        { actions: ['eks:CreateCluster'], resources: ['*'] },
        { actions: ['eks:DescribeCluster', 'eks:DeleteCluster'], resources: [cluster(p.get('Name'))] },
        ...passRole([p.get('RoleArn')], ['eks.amazonaws.com']),
      ];
    case 'deleteCluster':
      return [{ actions: ['eks:DeleteCluster', 'eks:DescribeCluster'], resources: [cluster(p.get('Name'))] }];
    case 'createNodegroup': {
      const role = p.get('NodeRole');
      return [
        { actions: ['eks:CreateNodegroup'], resources: [cluster(p.get('ClusterName'))] },
        { actions: ['ec2:DescribeSubnets'], resources: ['*'] },
        { actions: ['eks:DescribeNodegroup', 'eks:DeleteNodegroup'], resources: [child('nodegroup', p.get('ClusterName'), p.get('NodegroupName'))] },
        ...(role.kind === 'absent' ? [] : [{ actions: ['iam:GetRole', 'iam:ListAttachedRolePolicies'], resources: [roleArn(role)] }]),
        ...passRole([role], ['eks.amazonaws.com']),
      ];
    }
    case 'deleteNodegroup':
      return [{ actions: ['eks:DeleteNodegroup', 'eks:DescribeNodegroup'], resources: [child('nodegroup', p.get('ClusterName'), p.get('NodegroupName'))] }];
    case 'createFargateProfile':
      return [
        { actions: ['eks:CreateFargateProfile'], resources: [cluster(p.get('ClusterName'))] },
        { actions: ['eks:DescribeFargateProfile', 'eks:DeleteFargateProfile'], resources: [child('fargateprofile', p.get('ClusterName'), p.get('FargateProfileName'))] },
        // The pod execution role is assumed by Fargate's pods.
        ...passRole([p.get('PodExecutionRoleArn')], ['eks.amazonaws.com', 'eks-fargate-pods.amazonaws.com']),
      ];
    case 'deleteFargateProfile':
      return [{ actions: ['eks:DeleteFargateProfile', 'eks:DescribeFargateProfile'], resources: [child('fargateprofile', p.get('ClusterName'), p.get('FargateProfileName'))] }];
    default:
      return undefined;
  }
}

const virtualCluster = (id: Val, suffix = ''): Res => regional('emr-containers', '/virtualclusters/', known(id), suffix);

/**
 * Amazon EMR on EKS (IAM policies for Amazon EMR on EKS): StartJobRun names its execution role through the
 * `emr-containers:ExecutionRoleArn` condition (the role is not passed with iam:PassRole).
 */
export function emrContainersGrants(t: TaskCtx, op: string): Grant[] | undefined {
  const p = t.params;
  const id = p.get('VirtualClusterId');
  const sync = isSync(t.pattern);
  switch (op) {
    case 'startJobRun': {
      const role = p.get('ExecutionRoleArn');
      const condition: Condition =
        role.kind === 'text' || role.kind === 'ref'
          ? { StringEquals: { 'emr-containers:ExecutionRoleArn': roleArn(role) } }
          : { StringLike: { 'emr-containers:ExecutionRoleArn': sub(`arn:${P}:iam::${A}:role/*`) } };
      return [
        { actions: ['emr-containers:StartJobRun'], resources: [virtualCluster(id)], condition },
        ...(sync ? [{ actions: ['emr-containers:DescribeJobRun', 'emr-containers:CancelJobRun'], resources: [virtualCluster(id, '/jobruns/*')] }] : []),
      ];
    }
    case 'createVirtualCluster':
      return [
        { actions: ['emr-containers:CreateVirtualCluster'], resources: ['*'] },
        {
          actions: ['iam:CreateServiceLinkedRole'],
          resources: [sub(`arn:${P}:iam::${A}:role/aws-service-role/emr-containers.amazonaws.com/AWSServiceRoleForAmazonEMRContainers`)],
          condition: { StringLike: { 'iam:AWSServiceName': 'emr-containers.amazonaws.com' } },
        },
      ];
    case 'deleteVirtualCluster':
      return [{ actions: ['emr-containers:DeleteVirtualCluster', ...(sync ? ['emr-containers:DescribeVirtualCluster'] : [])], resources: [virtualCluster(p.get('Id'))] }];
    default:
      return undefined;
  }
}
