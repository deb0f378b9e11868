// Values for the CloudFormation Parameters that carry references into the Serverless stack.
import type { CrossStackParameter } from '../compile/types.js';
import { AwsError } from '../errors.js';
import { sdk, type AwsClients } from './clients.js';
import { errorMessage, explainAwsError } from './explain.js';

export async function readCrossStackParameters(aws: AwsClients, params: CrossStackParameter[]): Promise<Array<{ key: string; value: string }>> {
  if (!params.length) return [];
  const cfn = await aws.cloudFormation();
  const { DescribeStacksCommand, DescribeStackResourceCommand } = await sdk.cloudFormation();
  const outputs = new Map<string, Record<string, string>>();
  const values: Array<{ key: string; value: string }> = [];
  const missingStack = (stackName: string) =>
    new AwsError(`stack ${stackName} does not exist, and stepf's stack reads values from it`, 'DescribeStackResource', 'deploy the Serverless service first (`serverless deploy`), or check provider.stackName / --stage / --region');
  for (const p of params) {
    const { stackName, logicalId, kind } = p.source;
    if (kind === 'output') {
      let outs = outputs.get(stackName);
      if (!outs) {
        try {
          const r = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
          outs = Object.fromEntries((r.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']));
        } catch (err) {
          if (/does not exist/i.test(errorMessage(err))) throw missingStack(stackName);
          throw explainAwsError(err, 'DescribeStacks');
        }
        outputs.set(stackName, outs);
      }
      const v = outs[logicalId];
      if (v === undefined) throw new AwsError(`stack ${stackName} has no output ${logicalId}`, 'DescribeStacks', 'deploy the Serverless service so it has that output');
      values.push({ key: p.name, value: v });
      continue;
    }
    try {
      const r = await cfn.send(new DescribeStackResourceCommand({ StackName: stackName, LogicalResourceId: logicalId }));
      const id = r.StackResourceDetail?.PhysicalResourceId;
      if (!id) throw new AwsError(`${logicalId} in stack ${stackName} has no physical ID yet`, 'DescribeStackResource', 'wait for the Serverless deploy to finish');
      values.push({ key: p.name, value: id });
    } catch (err) {
      if (err instanceof AwsError) throw err;
      const msg = errorMessage(err);
      if (/Stack .* does not exist/i.test(msg)) throw missingStack(stackName);
      if (/does not exist/i.test(msg)) {
        throw new AwsError(`stack ${stackName} has no resource ${logicalId}`, 'DescribeStackResource', `deploy the Serverless service with ${logicalId} in it first, or fix the reference`);
      }
      throw explainAwsError(err, 'DescribeStackResource');
    }
  }
  return values;
}
