// What the local run does not do is a clear UserError naming the feature and the state.
import { expect, test } from 'vitest';
import { UserError } from '../../src/errors.js';
import { run } from './helpers.js';

const processor = { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } };

test.each([
  ['ItemReader', { Type: 'Map', ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: {} }, ItemProcessor: processor, End: true }, /'S' uses ItemReader \(a Distributed Map reading its items from S3\)/],
  ['ResultWriter', { Type: 'Map', ResultWriter: { Resource: 'arn:aws:states:::s3:putObject' }, ItemProcessor: processor, End: true }, /'S' uses ResultWriter/],
  ['ItemBatcher', { Type: 'Map', ItemBatcher: { MaxItemsPerBatch: 2 }, ItemProcessor: processor, End: true }, /'S' uses ItemBatcher/],
  ['an Activity', { Type: 'Task', Resource: 'arn:aws:states:us-east-1:123456789012:activity:approve', End: true }, /'S' runs an Activity .*does not support Activities/],
  ['an unknown field', { Type: 'Pass', Resultt: 1, End: true }, /'S' \(Pass\) has the field Resultt, which the local run does not know/],
  ['an unknown state type', { Type: 'Sleep', End: true }, /'S' has Type "Sleep"/],
  ['a JSONata field in a JSONPath state', { Type: 'Pass', Output: 1, End: true }, /'S' is a JSONPath state and cannot use Output/],
  ['an unknown Choice operator', { Type: 'Choice', Choices: [{ Variable: '$.a', StringContains: 'x', Next: 'S' }] }, /uses 'StringContains', which the local run does not support/],
  ['a JSONPath feature outside the subset', { Type: 'Pass', Parameters: { 'a.$': '$.a[?(@.b =~ /x/)]' }, End: true }, /Parameters.a.\$ of state 'S'.*not a JSONPath the local run understands/],
])('%s', async (_what, state, message) => {
  const err = await run({ StartAt: 'S', States: { S: state } }, { a: [] }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as Error).message).toMatch(message);
});

test('a Task without a mock names the state and the --mock flag', async () => {
  const def = { StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Ship' }, Ship: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } };
  const err = await run(def, {}, { mocks: { Ship: 1 } }).catch((e: unknown) => e as UserError);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).message).toMatch(/Task state 'Charge' has no mock/);
  expect((err as UserError).diagnostics[0].hint).toMatch(/--mock Charge=result.json .*mocked states: Ship/);
});

test('a mock for a state the machine does not have is an error with a did-you-mean, before anything runs', async () => {
  const def = { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{ StartAt: 'Charge', States: { Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }], End: true } } };
  const err = await run(def, {}, { mocks: { Charge: 1, Chrage: 2 } }).catch((e: unknown) => e as UserError);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).message).toBe('a mock names Chrage, which is not a Task state of this state machine');
  expect((err as UserError).diagnostics[0].hint).toBe('did you mean Charge?');
});

test('a Next naming no state is a UserError listing the states', async () => {
  const err = await run({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } }, {}).catch((e: unknown) => e as UserError);
  expect((err as UserError).message).toMatch(/no state named 'B'/);
});
