import { basename } from 'node:path';
import { VariableError, type Source } from '../types.js';

/** `${env:NAME}`: an environment variable (with `.env` files merged in under `useDotenv: true`). */
export const env: Source = (req, ctx) => {
  const name = req.address;
  if (!name) throw new VariableError('`env` needs a variable name, as in ${env:MY_VAR}', 'variable-syntax');
  const v = ctx.env[name];
  if (v === undefined) {
    ctx.missingEnv(name);
    const dotenv = ctx.dotenvFile ? ` (nor in ${basename(ctx.dotenvFile)})` : '';
    return {
      value: null,
      reason: `environment variable ${name} is not set${dotenv}`,
      hint: `set ${name} in the environment${ctx.dotenvFile ? ` or in ${basename(ctx.dotenvFile)}` : ''}`,
    };
  }
  return { value: v };
};
