import { asIs, regional, type Res, splitSub, sub } from '../arn.js';
import type { Grant, Handler, TaskCtx } from '../types.js';
import type { Val } from '../values.js';
import { eventsRule, isSync, named, passRole } from './common.js';

const DYN: Val = { kind: 'dynamic' };
const known = (v: Val): Val => (v.kind === 'text' || v.kind === 'ref' ? v : DYN);

/** ECS task definition: `family` → every revision, `family:3` or an ARN → that one. */
function taskDefinition(v: Val): Res {
  if (v.kind === 'text') {
    if (v.text.startsWith('arn:')) return splitSub(v.text, ':').length >= 7 ? asIs(v) : sub(v, ':*');
    return regional('ecs', 'task-definition/', v, splitSub(v.text, ':').length > 1 ? '' : ':*');
  }
  if (v.kind === 'ref') return v.value; // Ref to AWS::ECS::TaskDefinition is its ARN with revision
  return regional('ecs', 'task-definition/*');
}

function clusterName(v: Val): Val {
  if (v.kind === 'text') return { kind: 'text', text: v.text.startsWith('arn:') ? v.text.split('/').pop() ?? '*' : v.text };
  if (v.kind === 'absent') return { kind: 'text', text: 'default' };
  return DYN;
}

export const ecsRunTask: Handler = (t) => {
  const cluster = t.params.get('Cluster');
  const name = clusterName(cluster);
  const run: Grant = { actions: ['ecs:RunTask'], resources: [taskDefinition(t.params.get('TaskDefinition'))] };
  if (name.kind === 'text' && !name.text.includes('${')) {
    run.condition = { ArnEquals: { 'ecs:cluster': regional('ecs', `cluster/${name.text}`) } };
  }
  const grants: Grant[] = [run];
  const tasks = regional('ecs', 'task/', name, '/*');
  if (isSync(t.pattern)) {
    grants.push({ actions: ['ecs:StopTask', 'ecs:DescribeTasks'], resources: [tasks] });
    grants.push(eventsRule('StepFunctionsGetEventsForECSTaskRule'));
  }
  if (t.params.get('Tags').kind !== 'absent' || t.params.get('PropagateTags').kind !== 'absent') grants.push({ actions: ['ecs:TagResource'], resources: [tasks] });
  // The task definition's own roles are not in the definition: any role of the account, but only towards ECS tasks.
  const taskRole = t.params.get('Overrides', 'TaskRoleArn');
  const execRole = t.params.get('Overrides', 'ExecutionRoleArn');
  const roles: Val[] = taskRole.kind !== 'absent' && execRole.kind !== 'absent' ? [taskRole, execRole] : [taskRole, execRole, DYN];
  grants.push(...passRole(roles, ['ecs-tasks.amazonaws.com']));
  return grants;
};

/**
 * Batch job definition: `name:3` or an ARN with a revision → that one; `name` or an ARN without one → every
 * revision (Batch authorizes the revision it resolves, `job-definition/name:N`, as the CDK's SubmitJob grant does).
 */
function jobDefinition(def: Val): Res {
  if (def.kind === 'text' && def.text.startsWith('arn:')) return splitSub(def.text, ':').length >= 7 ? asIs(def) : sub(def, ':*');
  if (def.kind === 'text') return regional('batch', 'job-definition/', def, def.text.includes(':') ? '' : ':*');
  if (def.kind === 'ref') return def.value; // Ref to AWS::Batch::JobDefinition is its ARN with revision
  return regional('batch', 'job-definition/*');
}

/** Batch job queue by name or ARN; a Ref to an AWS::Batch::JobQueue is its ARN (not its name). */
function jobQueue(t: TaskCtx, queue: Val): Res {
  if (queue.kind === 'ref' && typeof queue.value.Ref === 'string' && t.input.resourceType?.(queue.value.Ref) === 'AWS::Batch::JobQueue') return queue.value;
  return named('batch', 'job-queue/', queue);
}

/** Batch: job definition, job queue, and the job itself; tagging the job when the Task tags it (tag on create). */
export const batchSubmitJob: Handler = (t) => {
  const queue = jobQueue(t, t.params.get('JobQueue'));
  const grants: Grant[] = [{ actions: ['batch:SubmitJob'], resources: [jobDefinition(t.params.get('JobDefinition')), queue, regional('batch', 'job/*')] }];
  if (t.params.get('Tags').kind !== 'absent' || t.params.get('PropagateTags').kind !== 'absent') grants.push({ actions: ['batch:TagResource'], resources: [regional('batch', 'job/*')] });
  if (isSync(t.pattern)) {
    grants.push({ actions: ['batch:DescribeJobs', 'batch:TerminateJob'], resources: [regional('batch', 'job/*')] });
    grants.push(eventsRule('StepFunctionsGetEventsForBatchJobsRule'));
  }
  return grants;
};

export const glueStartJobRun: Handler = (t) => {
  const job = named('glue', 'job/', known(t.params.get('JobName')));
  const actions = ['glue:StartJobRun', ...(isSync(t.pattern) ? ['glue:GetJobRun', 'glue:GetJobRuns', 'glue:BatchStopJobRun'] : [])];
  return [{ actions, resources: [job] }];
};

/** CodeBuild: the project, by ProjectName or from a build ID `project:uuid`. */
function codebuildProject(t: TaskCtx): Res {
  const project = t.params.get('ProjectName');
  if (project.kind !== 'absent') return named('codebuild', 'project/', known(project));
  const id = t.params.get('Id');
  if (id.kind === 'text' && id.text.includes(':') && !id.text.startsWith('arn:')) return regional('codebuild', `project/${id.text.split(':')[0]}`);
  return regional('codebuild', 'project/*');
}

export function codebuildGrants(t: TaskCtx, op: string): Grant[] {
  const project = codebuildProject(t);
  const pascal = op.charAt(0).toUpperCase() + op.slice(1);
  const actions = [`codebuild:${pascal}`];
  const grants: Grant[] = [];
  if (op === 'startBuild' && isSync(t.pattern)) {
    actions.push('codebuild:StopBuild', 'codebuild:BatchGetBuilds');
    grants.push(eventsRule('StepFunctionsGetEventForCodeBuildStartBuildRule'));
  }
  if (op === 'startBuildBatch' && isSync(t.pattern)) {
    actions.push('codebuild:StopBuildBatch', 'codebuild:BatchGetBuildBatches');
    grants.push(eventsRule('StepFunctionsGetEventForCodeBuildStartBuildBatchRule'));
  }
  if (op === 'batchGetReports') return [{ actions, resources: [regional('codebuild', 'report-group/*')] }];
  grants.unshift({ actions, resources: [project] });
  grants.push(...passRole([t.params.get('ServiceRoleOverride')], ['codebuild.amazonaws.com']));
  return grants;
}

/** EMR on EC2: cluster operations are scoped to the cluster; createCluster passes its three roles. */
export function emrGrants(t: TaskCtx, op: string): Grant[] | undefined {
  const cluster = named('elasticmapreduce', 'cluster/', known(t.params.get('ClusterId')));
  const sync = isSync(t.pattern);
  switch (op) {
    case 'createCluster':
      return [
        { actions: ['elasticmapreduce:RunJobFlow', 'elasticmapreduce:AddTags'], resources: [regional('elasticmapreduce', 'cluster/*')] },
        ...(sync
          ? [
              { actions: ['elasticmapreduce:DescribeCluster', 'elasticmapreduce:TerminateJobFlows'], resources: [regional('elasticmapreduce', 'cluster/*')] },
              eventsRule('StepFunctionsGetEventForEMRRunJobFlowRule'),
            ]
          : []),
        ...passRole([t.params.get('ServiceRole')], ['elasticmapreduce.amazonaws.com']),
        // JobFlowRole names an instance profile; EMR's convention is a role of the same name.
        ...passRole([t.params.get('JobFlowRole')], ['ec2.amazonaws.com', 'elasticmapreduce.amazonaws.com']),
        ...passRole([t.params.get('AutoScalingRole')], ['application-autoscaling.amazonaws.com', 'elasticmapreduce.amazonaws.com']),
      ];
    case 'terminateCluster':
      return [
        { actions: ['elasticmapreduce:TerminateJobFlows', ...(sync ? ['elasticmapreduce:DescribeCluster'] : [])], resources: [cluster] },
        ...(sync ? [eventsRule('StepFunctionsGetEventForEMRTerminateJobFlowsRule')] : []),
      ];
    case 'addStep':
      return [
        { actions: ['elasticmapreduce:AddJobFlowSteps', ...(sync ? ['elasticmapreduce:DescribeStep', 'elasticmapreduce:CancelSteps'] : [])], resources: [cluster] },
        ...(sync ? [eventsRule('StepFunctionsGetEventForEMRAddJobFlowStepsRule')] : []),
      ];
    case 'cancelStep':
      return [{ actions: ['elasticmapreduce:CancelSteps'], resources: [cluster] }];
    case 'setClusterTerminationProtection':
      return [{ actions: ['elasticmapreduce:SetTerminationProtection'], resources: [cluster] }];
    case 'modifyInstanceFleetByName':
      return [{ actions: ['elasticmapreduce:ModifyInstanceFleet', 'elasticmapreduce:ListInstanceFleets'], resources: [cluster] }];
    case 'modifyInstanceGroupByName':
      return [{ actions: ['elasticmapreduce:ModifyInstanceGroups', 'elasticmapreduce:ListInstanceGroups'], resources: [cluster] }];
    default:
      return undefined;
  }
}

/** EMR Serverless: the application, its job runs, and the job's execution role. */
export function emrServerlessGrants(t: TaskCtx, op: string): Grant[] | undefined {
  const appId = known(t.params.get('ApplicationId'));
  const app = regional('emr-serverless', '/applications/', appId);
  const pascal = `emr-serverless:${op.charAt(0).toUpperCase()}${op.slice(1)}`;
  if (op === 'createApplication') return [{ actions: [pascal], resources: [regional('emr-serverless', '/applications/*')] }];
  if (op === 'startJobRun') {
    return [
      { actions: [pascal], resources: [app] },
      ...(isSync(t.pattern) ? [{ actions: ['emr-serverless:GetJobRun', 'emr-serverless:CancelJobRun'], resources: [regional('emr-serverless', '/applications/', appId, '/jobruns/*')] }] : []),
      ...passRole([t.params.get('ExecutionRoleArn')], ['emr-serverless.amazonaws.com']),
    ];
  }
  if (op === 'cancelJobRun') return [{ actions: [pascal, ...(isSync(t.pattern) ? ['emr-serverless:GetJobRun'] : [])], resources: [regional('emr-serverless', '/applications/', appId, '/jobruns/*')] }];
  if (['startApplication', 'stopApplication', 'deleteApplication'].includes(op)) {
    return [{ actions: [pascal, ...(isSync(t.pattern) ? ['emr-serverless:GetApplication'] : [])], resources: [app] }];
  }
  return undefined;
}

