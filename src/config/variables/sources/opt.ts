import type { Source } from '../types.js';

/** `${opt:stage}`: a command-line option; `${opt:}` is all of them. */
export const opt: Source = (req, ctx) => {
  if (req.address === undefined) {
    const all: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(ctx.options)) if (v !== undefined) all[k] = v;
    return { value: all };
  }
  const v = ctx.options[req.address];
  if (v === undefined || v === null) {
    return { value: null, reason: `no --${req.address} option given`, hint: `pass --${req.address} <value>` };
  }
  return { value: v };
};
