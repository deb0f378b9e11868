// stepf test --remote <state> with injected SDK responses: moto has no TestState API (answered by the
// real endpoint test below: stepf says the endpoint lacks it). The local runner is tested end to end elsewhere.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DescribeStateMachineCommand, SFNClient, TestStateCommand } from '@aws-sdk/client-sfn';
import { runTest } from '../../src/cli/commands/test.js';
import { createOutput } from '../../src/report/output.js';
import { useInjected } from '../support/injected.js';

const reportError = (e: unknown): number => createOutput().error(e);

const MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders';
const DEFINITION = JSON.stringify({
  StartAt: 'Price',
  States: {
    Price: { Type: 'Pass', Parameters: { 'total.$': 'States.MathAdd($.a, $.b)' }, ResultPath: '$.price', Next: 'Charge' },
    Charge: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'charge', 'Payload.$': '$' }, End: true },
  },
});
const sfn = useInjected(SFNClient);
let out: string;
let err: string;

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  sfn.on(DescribeStateMachineCommand).resolves({ stateMachineArn: MACHINE, name: 'orders', definition: DEFINITION, roleArn: 'arn:aws:iam::123456789012:role/orders-role', type: 'STANDARD', creationDate: new Date() });
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('stepf test --remote (injected responses: moto has no TestState)', () => {
  it('sends the deployed definition, the state name, the machine\'s role and the input; prints the output and next state', async () => {
    sfn.on(TestStateCommand).resolves({ status: 'SUCCEEDED', output: '{"a":1,"b":2,"price":{"total":3}}', nextState: 'Charge' });
    const code = await runTest(undefined, { remote: 'Price', arn: MACHINE, data: '{"a":1,"b":2}' });
    expect(code).toBe(0);
    expect(sfn.commandCalls(TestStateCommand)[0].args[0].input).toEqual({
      definition: DEFINITION,
      stateName: 'Price',
      roleArn: 'arn:aws:iam::123456789012:role/orders-role',
      input: '{"a":1,"b":2}',
      inspectionLevel: undefined,
    });
    expect(out).toBe('{"a":1,"b":2,"price":{"total":3}}\n');
    expect(err).toBe('state Price of orders: SUCCEEDED, next: Charge\n');
  });

  it('--inspection DEBUG shows each data-flow step; --role-arn replaces the machine\'s role', async () => {
    sfn.on(TestStateCommand).resolves({
      status: 'SUCCEEDED',
      output: '{"a":1,"price":{"total":1}}',
      nextState: 'Charge',
      inspectionData: { input: '{"a":1}', afterInputPath: '{"a":1}', afterParameters: '{"total":1}', result: '{"total":1}', afterResultSelector: '{"total":1}', afterResultPath: '{"a":1,"price":{"total":1}}' },
    });
    await runTest(undefined, { remote: 'Price', arn: MACHINE, data: '{"a":1}', inspection: 'DEBUG', roleArn: 'arn:aws:iam::123456789012:role/tester' });
    expect(sfn.commandCalls(TestStateCommand)[0].args[0].input).toMatchObject({ inspectionLevel: 'DEBUG', roleArn: 'arn:aws:iam::123456789012:role/tester' });
    expect(err).toBe(
      [
        'state Price of orders: SUCCEEDED, next: Charge',
        '  input: {"a":1}',
        '  after InputPath: {"a":1}',
        '  after Parameters: {"total":1}',
        '  result: {"total":1}',
        '  after ResultSelector: {"total":1}',
        '  after ResultPath: {"a":1,"price":{"total":1}}',
        '',
      ].join('\n'),
    );
  });

  it('a FAILED state prints its error and cause and exits 4; --json gives TestState\'s answer', async () => {
    sfn.on(TestStateCommand).resolves({ status: 'FAILED', error: 'Lambda.AWSLambdaException', cause: 'Function not found: charge' });
    expect(await runTest(undefined, { remote: 'Charge', arn: MACHINE, json: true })).toBe(4);
    expect(JSON.parse(out)).toEqual({ status: 'FAILED', error: 'Lambda.AWSLambdaException', cause: 'Function not found: charge' });
  });

  it('a state the deployed machine lacks is an error with a did-you-mean, before any TestState call', async () => {
    const code = await runTest(undefined, { remote: 'Charg', arn: MACHINE }).catch((e: unknown) => reportError(e));
    expect(code).toBe(1);
    expect(err).toBe('error: the deployed orders has no state named Charg\n  hint: did you mean Charge? its states: Price, Charge\n');
    expect(sfn.commandCalls(TestStateCommand)).toHaveLength(0);
  });

  it('an endpoint without TestState (an emulator) is exit 3 saying so and what to run instead', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:5000';
    try {
      sfn.on(TestStateCommand).rejects(Object.assign(new Error('Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.'), { name: 'SyntaxError' }));
      const code = await runTest(undefined, { remote: 'Price', arn: MACHINE }).catch((e: unknown) => reportError(e));
      expect(code).toBe(3);
      expect(err).toBe('error: TestState: the endpoint http://127.0.0.1:5000 does not implement TestState\n  hint: stepf test --remote needs AWS itself; run the machine here with `stepf test` instead\n');
    } finally {
      delete process.env.AWS_ENDPOINT_URL;
    }
  });
});
