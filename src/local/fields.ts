// Which fields each state type may have, per query language. A field the local run does not know or
// does not implement is a UserError naming it and the state, never a silently different result.
import { userError } from '../errors.js';
import type { QueryLanguage } from './types.js';

const COMMON = ['Type', 'Comment', 'QueryLanguage', 'Assign'];
const FLOW = ['Next', 'End'];
const PATH_IO = ['InputPath', 'OutputPath'];

const BY_TYPE: Record<string, { jsonpath: string[]; jsonata: string[] }> = {
  Pass: { jsonpath: [...FLOW, ...PATH_IO, 'Result', 'ResultPath', 'Parameters'], jsonata: [...FLOW, 'Output'] },
  Task: {
    jsonpath: [...FLOW, ...PATH_IO, 'Resource', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials'],
    jsonata: [...FLOW, 'Resource', 'Arguments', 'Output', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
  },
  Choice: { jsonpath: [...PATH_IO, 'Choices', 'Default'], jsonata: ['Choices', 'Default', 'Output'] },
  Wait: { jsonpath: [...FLOW, ...PATH_IO, 'Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'], jsonata: [...FLOW, 'Seconds', 'Timestamp', 'Output'] },
  Succeed: { jsonpath: PATH_IO, jsonata: ['Output'] },
  Fail: { jsonpath: ['Error', 'Cause', 'ErrorPath', 'CausePath'], jsonata: ['Error', 'Cause'] },
  Parallel: {
    jsonpath: [...FLOW, ...PATH_IO, 'Branches', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch'],
    jsonata: [...FLOW, 'Branches', 'Arguments', 'Output', 'Retry', 'Catch'],
  },
  Map: {
    jsonpath: [
      ...FLOW, ...PATH_IO, 'ItemsPath', 'ItemSelector', 'Parameters', 'Iterator', 'ItemProcessor', 'MaxConcurrency', 'MaxConcurrencyPath',
      'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount',
      'ToleratedFailurePercentagePath', 'ToleratedFailureCountPath', 'Label',
    ],
    jsonata: [...FLOW, 'Items', 'ItemSelector', 'Iterator', 'ItemProcessor', 'MaxConcurrency', 'Output', 'Retry', 'Catch', 'ToleratedFailurePercentage', 'ToleratedFailureCount', 'Label'],
  },
};

/** Fields AWS has that the local run does not implement. */
const UNSUPPORTED: Record<string, string> = {
  ItemReader: 'ItemReader (a Distributed Map reading its items from S3)',
  ResultWriter: 'ResultWriter (a Distributed Map writing its results to S3)',
  ItemBatcher: 'ItemBatcher (batching of Distributed Map items)',
};

export function checkFields(name: string, state: Record<string, unknown>, lang: QueryLanguage): void {
  const type = state.Type;
  if (typeof type !== 'string' || !(type in BY_TYPE)) {
    throw userError(`state '${name}' has Type ${JSON.stringify(type)}; the local run knows ${Object.keys(BY_TYPE).join(', ')}`);
  }
  const allowed = new Set([...COMMON, ...(lang === 'JSONata' ? BY_TYPE[type].jsonata : BY_TYPE[type].jsonpath)]);
  const other = new Set(lang === 'JSONata' ? BY_TYPE[type].jsonpath : BY_TYPE[type].jsonata);
  for (const key of Object.keys(state)) {
    if (allowed.has(key)) continue;
    if (UNSUPPORTED[key]) throw userError(`state '${name}' uses ${UNSUPPORTED[key]}, which the local run does not support`, { hint: 'run it in AWS or the emulator instead of --local' });
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
