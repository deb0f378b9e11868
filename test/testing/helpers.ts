import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { MachineUnderTest } from '../../src/testing/types.js';

export const example = join(__dirname, 'fixtures', 'sfn-local');

/** AWS's LambdaSQSIntegration example machine, from fixtures/sfn-local/serverless.yml. */
export function exampleMachine(): MachineUnderTest {
  const sls = parse(readFileSync(join(example, 'serverless.yml'), 'utf8')) as { stepFunctions: { stateMachines: { lambdaSqs: { name: string; definition: object } } } };
  const m = sls.stepFunctions.stateMachines.lambdaSqs;
  return { key: 'lambdaSqs', name: m.name, definition: m.definition };
}

/** A machine from a definition, for unit tests. */
export function machine(definition: object, key = 'm'): MachineUnderTest {
  return { key, name: key, definition };
}
