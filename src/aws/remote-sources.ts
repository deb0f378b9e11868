// ${ssm:...}, ${cf:...} and ${s3:...} variables, read through AWS for the resolver.
import { AwsClients, sdk } from './clients.js';
import { errorMessage, errorName, explainAwsError } from './explain.js';

export interface RemoteSourcesImpl {
  ssm(name: string, opts: { decrypt: boolean; region?: string }): Promise<string | string[] | undefined>;
  cf(stackName: string, outputKey: string, region?: string): Promise<string | undefined>;
  s3(bucket: string, key: string): Promise<string | undefined>;
}

/** Missing values resolve to undefined (the resolver reports them with the config path); other errors throw. */
export function createRemoteSources(opts: { region?: string; profile?: string; clients?: AwsClients }): RemoteSourcesImpl {
  const base = opts.clients ?? new AwsClients({ region: opts.region ?? process.env.AWS_REGION ?? 'us-east-1', profile: opts.profile });
  const forRegion = (region?: string) => (region && region !== base.region ? new AwsClients({ region, profile: base.profile }) : base);
  return {
    async ssm(name, { decrypt, region }) {
      const client = await forRegion(region).ssm(region);
      const { GetParameterCommand } = await sdk.ssm();
      try {
        const r = await client.send(new GetParameterCommand({ Name: name, WithDecryption: decrypt }));
        // StringList comes back as a list, as the Serverless Framework gives it.
        return r.Parameter?.Type === 'StringList' && r.Parameter.Value !== undefined ? r.Parameter.Value.split(',') : r.Parameter?.Value;
      } catch (err) {
        if (errorName(err) === 'ParameterNotFound') return undefined;
        throw explainAwsError(err, 'GetParameter');
      }
    },
    async cf(stackName, outputKey, region) {
      const client = await forRegion(region).cloudFormation();
      const { DescribeStacksCommand } = await sdk.cloudFormation();
      try {
        const r = await client.send(new DescribeStacksCommand({ StackName: stackName }));
        return r.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === outputKey)?.OutputValue;
      } catch (err) {
        if (/does not exist/i.test(errorMessage(err))) return undefined;
        throw explainAwsError(err, 'DescribeStacks');
      }
    },
    async s3(bucket, key) {
      const client = await base.s3();
      const { GetObjectCommand } = await sdk.s3();
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await r.Body?.transformToString();
      } catch (err) {
        if (errorName(err) === 'NoSuchKey' || errorName(err) === 'NoSuchBucket') return undefined;
        throw explainAwsError(err, 'GetObject');
      }
    },
  };
}
