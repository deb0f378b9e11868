import { hintDidYouMean } from '../../../util/did-you-mean.js';
import { VariableError, type Source } from '../types.js';

const ADDRESSES = ['stage', 'instanceId'];

/** `${sls:stage}` (--stage > provider.stage > dev) and `${sls:instanceId}` (one id per run). */
export const sls: Source = async (req, ctx) => {
  if (req.address === 'stage') return { value: await ctx.stage() };
  if (req.address === 'instanceId') return { value: ctx.instanceId };
  throw new VariableError(
    req.address ? `\`sls\` has no "${req.address}"` : '`sls` needs an address: ${sls:stage} or ${sls:instanceId}',
    'variable-unknown-address',
    (req.address && hintDidYouMean(req.address, ADDRESSES)) || 'use ${sls:stage} or ${sls:instanceId}',
  );
};
