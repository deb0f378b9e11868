import { VariableError, type Source } from '../types.js';

/** `${param:x}`: --param x=value, then `params.<stage>.x`, then `params.default.x` (Serverless v3 order, without the Dashboard). */
export const param: Source = async (req, ctx) => {
  const name = req.address;
  if (!name) throw new VariableError('`param` needs a name, as in ${param:domain}', 'variable-syntax');
  if (Object.prototype.hasOwnProperty.call(ctx.cliParams, name)) return { value: ctx.cliParams[name] };
  const stage = await ctx.stage();
  for (const scope of [stage, 'default']) {
    const r = await ctx.property(['params', scope, name]);
    if (r.value !== undefined && r.value !== null) return { value: r.value };
  }
  return {
    value: null,
    reason: `no parameter "${name}" for stage ${stage}: not given with --param, and not under params.${stage} or params.default`,
    hint: `pass --param "${name}=<value>", or add ${name} under params.${stage} (or params.default) in the config`,
  };
};
