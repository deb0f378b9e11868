// The fields a state may have (src/asl/fields.ts, the table validate/ checks too), minus those the local run
// does not implement. Such a field is a UserError naming it and the state, never a silently different result.
import { fieldsFor, STATE_TYPES, type StateType } from '../asl/fields.js';
import { userError } from '../errors.js';
import type { QueryLanguage } from './types.js';

/** Fields AWS has that the local run does not implement. */
const UNSUPPORTED: Record<string, string> = {
  ItemReader: 'ItemReader (a Distributed Map reading its items from S3)',
  ResultWriter: 'ResultWriter (a Distributed Map writing its results to S3)',
  ItemBatcher: 'ItemBatcher (batching of Distributed Map items)',
};

export function checkFields(name: string, state: Record<string, unknown>, lang: QueryLanguage): void {
  const type = state.Type as StateType;
  if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
    throw userError(`state '${name}' has Type ${JSON.stringify(type)}; the local run knows ${STATE_TYPES.join(', ')}`);
  }
  const allowed = fieldsFor(type, lang);
  const other = fieldsFor(type, lang === 'JSONata' ? 'JSONPath' : 'JSONata');
  for (const key of Object.keys(state)) {
    if (UNSUPPORTED[key]) throw userError(`state '${name}' uses ${UNSUPPORTED[key]}, which the local run does not support`, { hint: 'run it in AWS or the emulator instead of --local' });
    if (allowed.has(key)) continue;
    if (other.has(key)) {
      throw userError(`state '${name}' is a ${lang} state and cannot use ${key} (a ${lang === 'JSONata' ? 'JSONPath' : 'JSONata'} field)`, {
        hint: `set "QueryLanguage": "${lang === 'JSONata' ? 'JSONPath' : 'JSONata'}" on the state, or use the ${lang} field instead`,
      });
    }
    throw userError(`state '${name}' (${type}) has the field ${key}, which the local run does not know`);
  }
  if (type === 'Task' && typeof state.Resource === 'string' && /^arn:aws[\w-]*:states:[^:]*:[^:]*:activity:/.test(state.Resource)) {
    throw userError(`state '${name}' runs an Activity (${state.Resource}); the local run does not support Activities`, { hint: 'mocks stand in for service and Lambda tasks only' });
  }
}
