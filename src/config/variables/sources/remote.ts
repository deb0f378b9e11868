import { VariableError, type Source, type SourceContext } from '../types.js';

function offline(kind: string): VariableError {
  return new VariableError(
    `${kind} is read from AWS, and this command runs offline`,
    'variable-remote-offline',
    'run `stepf package --resolve-remote` to read it (needs AWS credentials); `stepf deploy` reads it',
  );
}

function needAddress(type: string, example: string, address: string | undefined): string {
  if (!address) throw new VariableError(`\`${type}\` needs an address, as in ${example}`, 'variable-syntax');
  return address;
}

/** `${ssm:/path}`, `${ssm(eu-west-1):/path}`, `${ssm(noDecrypt):/path}`. */
export const ssm: Source = async (req, ctx: SourceContext) => {
  const name = needAddress('ssm', '${ssm:/my/parameter}', req.address);
  if (!ctx.remote?.ssm) throw offline(`SSM parameter ${name}`);
  const flags: unknown[] = req.params.filter((p) => p === 'raw' || p === 'noDecrypt');
  const regionParam = req.params.find((p) => typeof p === 'string' && p && !flags.includes(p)) as string | undefined;
  const region = regionParam ?? (await ctx.region());
  const value = await ctx.remote.ssm(name, { decrypt: !flags.includes('noDecrypt'), region });
  if (value === undefined || value === null) return { value: null, reason: `SSM parameter ${name} does not exist in ${region}` };
  return { value };
};

/** `${cf:stack.OutputKey}`, `${cf(eu-west-1):stack.OutputKey}`. */
export const cf: Source = async (req, ctx) => {
  const address = needAddress('cf', '${cf:my-stack.MyOutput}', req.address);
  const dot = address.indexOf('.');
  if (dot <= 0) throw new VariableError(`\`cf\` takes "<stack-name>.<output-key>", not "${address}"`, 'variable-syntax');
  const stack = address.slice(0, dot);
  const output = address.slice(dot + 1);
  if (!ctx.remote?.cf) throw offline(`the output ${output} of stack ${stack}`);
  const region = typeof req.params[0] === 'string' && req.params[0] ? req.params[0] : await ctx.region();
  const value = await ctx.remote.cf(stack, output, region);
  if (value === undefined || value === null) return { value: null, reason: `stack ${stack} in ${region} has no output ${output} (or does not exist)` };
  return { value };
};

/** `${s3:bucket/key}`: the object's body as text. */
export const s3: Source = async (req, ctx) => {
  const address = needAddress('s3', '${s3:my-bucket/path/to/key}', req.address);
  const slash = address.indexOf('/');
  if (slash <= 0) throw new VariableError(`\`s3\` takes "<bucket>/<key>", not "${address}"`, 'variable-syntax');
  const bucket = address.slice(0, slash);
  const key = address.slice(slash + 1);
  if (!ctx.remote?.s3) throw offline(`S3 object s3://${bucket}/${key}`);
  const value = await ctx.remote.s3(bucket, key);
  if (value === undefined || value === null) return { value: null, reason: `s3://${bucket}/${key} does not exist` };
  return { value };
};
