import { hintDidYouMean } from '../../../util/did-you-mean.js';
import { VariableError, type Source } from '../types.js';

const ADDRESSES = ['region', 'accountId'];

/**
 * `${aws:region}` is the resolved region. `${aws:accountId}` needs no network call: it becomes the
 * pseudo-parameter `#{AWS::AccountId}`, which the pseudo-parameter stage turns into Fn::Sub.
 */
export const aws: Source = async (req, ctx) => {
  if (req.address === 'region') return { value: await ctx.region() };
  if (req.address === 'accountId') return { value: '#{AWS::AccountId}' };
  throw new VariableError(
    req.address ? `\`aws\` has no "${req.address}"` : '`aws` needs an address: ${aws:region} or ${aws:accountId}',
    'variable-unknown-address',
    (req.address && hintDidYouMean(req.address, ADDRESSES)) || 'use ${aws:region} or ${aws:accountId}',
  );
};
