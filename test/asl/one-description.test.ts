// One description of the States Language (src/asl/) read by validate/, local/ and graph/: where the two
// older copies disagreed, the developer guide decides, and both readers now agree with it.
import { describe, expect, it } from 'vitest';
import { ARITY } from '../../src/asl/intrinsics.js';
import { COMPARISON_OPERATORS, TYPE_TESTS } from '../../src/asl/operators.js';
import { UserError } from '../../src/errors.js';
import { choiceLabel } from '../../src/graph/choice-label.js';
import { INTRINSIC_NAMES } from '../../src/local/intrinsics.js';
import { validateDefinition } from '../../src/validate/asl/index.js';
import { run } from '../local/helpers.js';

const validate = (def: unknown) => validateDefinition(def, { basePath: ['stepFunctions', 'stateMachines', 'm', 'definition'], machineKey: 'm' }).filter((d) => d.severity === 'error');
const localError = (def: object) => run(def, {}).then(() => undefined, (e: unknown) => e);

describe('the drifts, settled by the developer guide', () => {
  // "Pass workflow state": Result (Optional, JSONPath only); a JSONata Pass gives its value as Output.
  const jsonataPassWithResult = { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Result: { a: 1 }, End: true } } };

  it('a JSONata Pass state cannot take Result: validate says so with the Output hint, and the local run refuses it', async () => {
    const errors = validate(jsonataPassWithResult);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toEqual(['stepFunctions', 'stateMachines', 'm', 'definition', 'States', 'P', 'Result']);
    expect(errors[0].hint).toMatch(/Output/);
    const err = await localError(jsonataPassWithResult);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/'P' is a JSONata state and cannot use Result/);
  });

  it('a JSONPath Pass state keeps its Result, in validate and in the local run', async () => {
    const def = { StartAt: 'P', States: { P: { Type: 'Pass', Result: { a: 1 }, End: true } } };
    expect(validate(def)).toEqual([]);
    expect((await run(def, {})).output).toEqual({ a: 1 });
  });

  // "Passing data between states with variables": Assign is supported in Pass, Task, Map, Parallel, Choice, Wait.
  it.each(['Succeed', 'Fail'])('a %s state takes no Assign: validate rejects it, and so does the local run (it ran it before)', async (type) => {
    const def = { StartAt: 'S', States: { S: { Type: type, Assign: { x: 1 } } } };
    expect(validate(def).map((d) => d.path?.at(-1))).toEqual(['Assign']);
    const err = await localError(def);
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/'S' \((Succeed|Fail)\) has the field Assign/);
  });

  it('a JSONPath Choice rule takes no Output (JSONata rules do): the local run refuses it as validate does', async () => {
    const def = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', NumericEquals: 1, Output: {}, Next: 'E' }], Default: 'E' }, E: { Type: 'Succeed' } } };
    expect(validate(def).length).toBeGreaterThan(0);
    expect(await localError(def)).toBeInstanceOf(UserError);
  });
});

describe('one operator table and one intrinsic list for every reader', () => {
  const operand = (op: string) => {
    const kind = COMPARISON_OPERATORS[op];
    if (kind === 'path') return '$.b';
    if (op.startsWith('Is')) return true;
    return kind === 'number' ? 1 : kind === 'boolean' ? true : kind === 'timestamp' ? '2026-01-01T00:00:00Z' : 'x';
  };

  it.each(Object.keys(COMPARISON_OPERATORS))('%s: validate accepts it, the local run evaluates it, the graph labels it', async (op) => {
    const input = { a: operand(op.replace(/Path$/, '')), b: operand(op.replace(/Path$/, '')) };
    const rule = { Variable: '$.a', [op]: operand(op), Next: 'Yes' };
    const def = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [rule], Default: 'No' }, Yes: { Type: 'Succeed' }, No: { Type: 'Succeed' } } };
    expect(validate(def)).toEqual([]);
    await expect(run(def, input)).resolves.toBeDefined();
    expect(choiceLabel(rule)).not.toBe('?');
  });

  it('the type tests are comparison operators taking true or false', () => {
    for (const t of TYPE_TESTS) expect(COMPARISON_OPERATORS[t]).toBe('boolean');
  });

  it('the local run implements exactly the intrinsic functions validate knows', () => {
    expect([...INTRINSIC_NAMES].sort()).toEqual(Object.keys(ARITY).sort());
  });
});
