import { describe, expect, it } from 'vitest';
import { checkLogicalId, checkPseudoParameters, checkStateMachineName } from '../../src/validate/names.js';
import { validateMachines } from '../../src/validate/run.js';

const at = ['stepFunctions', 'stateMachines', 'm', 'name'];

describe('state machine names', () => {
  it.each(['OrderWorkflow', 'my-service-dev-orders', 'a.b_c-1', 'x'.repeat(80), 'svc-#{AWS::Region}-x'])('%s is accepted', (name) => {
    expect(checkStateMachineName(name, at)).toEqual([]);
  });

  it('a name over 80 characters is an error', () => {
    const [d] = checkStateMachineName('x'.repeat(81), at);
    expect(d).toMatchObject({ severity: 'error', path: at, message: expect.stringMatching(/81 characters; Step Functions allows at most 80/), hint: expect.stringMatching(/shorten/) });
  });

  it.each([
    ['my machine', 'a space'],
    ['orders:v2', '":"'],
    ['a/b', '"/"'],
    ['cost$', '"$"'],
    ['x\ty', 'whitespace'],
    ['x\u0001y', 'the control character U+0001'],
  ])('%j is refused, naming %s', (name, what) => {
    const [d] = checkStateMachineName(name, at);
    expect(d.message).toContain(`holds ${what}, which Step Functions does not allow`);
    expect(d.hint).toMatch(/letters, digits/);
  });
});

describe('logical IDs', () => {
  it('letters and digits pass', () => {
    expect(checkLogicalId('HelloStepFunctionsStateMachine', ['p'])).toEqual([]);
  });
  it('a dot is refused with the given hint', () => {
    expect(checkLogicalId('My.sm', ['p'], 'set id')).toEqual([
      { severity: 'error', code: 'invalid-logical-id', path: ['p'], message: 'the logical ID "My.sm" holds ".": CloudFormation allows letters and digits only', hint: 'set id' },
    ]);
  });
  it('more than 255 characters is refused', () => {
    expect(checkLogicalId('A'.repeat(256), ['p'])[0].message).toMatch(/256 characters; CloudFormation allows at most 255/);
  });
});

describe('pseudo-parameters', () => {
  it('a misspelt #{AWS::...} gets a did-you-mean at its path', () => {
    const diags = checkPseudoParameters({ States: { A: { Resource: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AcountId}:function:f' } } }, ['d']);
    expect(diags).toEqual([
      {
        severity: 'error',
        code: 'unknown-pseudo-parameter',
        path: ['d', 'States', 'A', 'Resource'],
        message: '#{AWS::AcountId} is not a pseudo-parameter: CloudFormation would reject the template',
        hint: 'did you mean "#{AWS::AccountId}"?',
      },
    ]);
  });
  it('${AWS::Regoin} is checked the same way', () => {
    expect(checkPseudoParameters(['x-${AWS::Regoin}'], ['p'])[0].hint).toBe('did you mean "${AWS::Region}"?');
  });
  it('#{X} without AWS:: is a resource reference, not a pseudo-parameter', () => {
    expect(checkPseudoParameters('#{MyQueue.Arn} #{AWS::StackName} #{AWS::URLSuffix}', ['p'])).toEqual([]);
  });
});

describe('validateMachines', () => {
  const good = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };
  const broken = { StartAt: 'B', States: { A: { Type: 'Pass', End: true } } };

  it('reports ASL errors at the definition path of each machine', async () => {
    const diags = await validateMachines([{ key: 'ok', definition: good }, { key: 'bad', definition: broken }], { asl: true });
    expect(diags.map((d) => d.path)).toEqual([['stepFunctions', 'stateMachines', 'bad', 'definition', 'StartAt']]);
  });

  it('--no-validate skips the ASL checks but not the name checks', async () => {
    const diags = await validateMachines([{ key: 'bad', name: 'my machine', definition: broken }], { asl: false });
    expect(diags.map((d) => d.code)).toEqual(['invalid-name']);
  });

  it('a name that gives an invalid logical ID says to set id', async () => {
    const [d] = await validateMachines([{ key: 'm', name: 'my.sm', definition: good }], { asl: true });
    expect(d).toMatchObject({ path: ['stepFunctions', 'stateMachines', 'm', 'name'], message: expect.stringContaining('"My.sm"'), hint: expect.stringContaining('id: Mysm') });
  });

  it('an id with a dot is refused at id', async () => {
    const [d] = await validateMachines([{ key: 'm', id: 'My.Machine', definition: good }], { asl: true });
    expect(d.path).toEqual(['stepFunctions', 'stateMachines', 'm', 'id']);
  });

  it('a misspelt pseudo-parameter anywhere in the machine is found', async () => {
    const diags = await validateMachines([{ key: 'm', definition: good, tags: { region: '#{AWS::Regin}' } }], { asl: true });
    expect(diags.map((d) => [d.path, d.hint])).toEqual([[['stepFunctions', 'stateMachines', 'm', 'tags', 'region'], 'did you mean "#{AWS::Region}"?']]);
  });
});
