import { regional } from '../arn.js';
import type { Grant, TaskCtx } from '../types.js';
import { eventsRule, isSync, passRole } from './common.js';

/**
 * AWS Elemental MediaConvert createJob (IAM policies for MediaConvert): CreateJob's resource types are all
 * optional (a job without a template, preset or named queue involves none), so only `*` grants it, as the
 * guide says. The job ID is chosen by MediaConvert: `.sync` reads and cancels jobs of this account and region.
 * Unlike the guide's `iam:PassRole` on `*`, PassRole is on the job's Role, towards MediaConvert only.
 */
export function mediaconvertGrants(t: TaskCtx, op: string): Grant[] | undefined {
  if (op !== 'createJob') return undefined;
  return [
    { actions: ['mediaconvert:CreateJob'], resources: ['*'] },
    ...(isSync(t.pattern)
      ? [{ actions: ['mediaconvert:GetJob', 'mediaconvert:CancelJob'], resources: [regional('mediaconvert', 'jobs/*')] }, eventsRule('StepFunctionsGetEventsForMediaConvertJobRule')]
      : []),
    ...passRole([t.params.get('Role').kind === 'absent' ? { kind: 'dynamic' } : t.params.get('Role')], ['mediaconvert.amazonaws.com']),
  ];
}
