import { VariableError, type Source } from '../types.js';

/** `${strToBool(true)}` / `${strToBool(${env:FLAG})}`: "true"/"1" → true, "false"/"0" → false. */
export const strToBool: Source = (req) => {
  const input = req.params[0];
  if (input === undefined || input === null) throw new VariableError('`strToBool` needs an input, as in ${strToBool(${env:FLAG})}', 'variable-syntax');
  const s = String(input).trim().toLowerCase();
  if (s === 'true' || s === '1') return { value: true };
  if (s === 'false' || s === '0') return { value: false };
  throw new VariableError(`\`strToBool\` takes "true", "false", "1" or "0", not "${String(input)}"`, 'variable-invalid-value');
};
