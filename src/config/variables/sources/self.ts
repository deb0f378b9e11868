import type { Source } from '../types.js';

/** `${self:a.b}`: another place in the config (resolved on demand, with whatever it references); `${self:}` is the root. */
export const self: Source = async (req, ctx) => {
  const path = req.address ? req.address.split('.') : [];
  const r = await ctx.property(path);
  if (r.value === undefined || r.value === null) {
    return { value: null, reason: r.missing ?? `${req.address || 'the config'} is empty`, hint: 'check the key path' };
  }
  return { value: r.value };
};
