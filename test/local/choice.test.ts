// Choice states in JSONPath: every comparison operator, its *Path form, the Is* tests,
// StringMatches, And/Or/Not, Default, and States.NoChoiceMatched.
import { describe, expect, test } from 'vitest';
import { run } from './helpers.js';

/** A Choice with one rule going to 'Yes', Default 'No'; returns which one ran. */
async function decide(rule: object, input: unknown): Promise<string> {
  const def = {
    StartAt: 'C',
    States: {
      C: { Type: 'Choice', Choices: [{ ...rule, Next: 'Yes' }], Default: 'No' },
      Yes: { Type: 'Pass', Result: 'Yes', End: true },
      No: { Type: 'Pass', Result: 'No', End: true },
    },
  };
  const r = await run(def, input);
  if (r.status !== 'SUCCEEDED') throw new Error(`${r.error}: ${r.cause}`);
  return r.output as string;
}

const input = { s: 'mango', n: 10, b: true, t: '2024-05-01T12:00:00Z', z: null, other: { s: 'mango', n: 10.0, b: true, t: '2024-05-01T13:00:00+01:00', lo: 'apple', hi: 'zebra', big: 11 } };

describe('comparison operators', () => {
  test.each([
    [{ Variable: '$.s', StringEquals: 'mango' }, 'Yes'],
    [{ Variable: '$.s', StringEquals: 'Mango' }, 'No'],
    [{ Variable: '$.s', StringLessThan: 'zebra' }, 'Yes'],
    [{ Variable: '$.s', StringGreaterThan: 'apple' }, 'Yes'],
    [{ Variable: '$.s', StringLessThanEquals: 'mango' }, 'Yes'],
    [{ Variable: '$.s', StringGreaterThanEquals: 'mangoes' }, 'No'],
    [{ Variable: '$.n', StringEquals: '10' }, 'No'],
    [{ Variable: '$.n', NumericEquals: 10 }, 'Yes'],
    [{ Variable: '$.n', NumericLessThan: 10 }, 'No'],
    [{ Variable: '$.n', NumericGreaterThan: 9.5 }, 'Yes'],
    [{ Variable: '$.n', NumericLessThanEquals: 10 }, 'Yes'],
    [{ Variable: '$.n', NumericGreaterThanEquals: 11 }, 'No'],
    [{ Variable: '$.s', NumericEquals: 10 }, 'No'],
    [{ Variable: '$.b', BooleanEquals: true }, 'Yes'],
    [{ Variable: '$.b', BooleanEquals: false }, 'No'],
    [{ Variable: '$.t', TimestampEquals: '2024-05-01T12:00:00Z' }, 'Yes'],
    [{ Variable: '$.t', TimestampEquals: '2024-05-01T13:00:00+01:00' }, 'Yes'],
    [{ Variable: '$.t', TimestampLessThan: '2024-05-01T12:00:01Z' }, 'Yes'],
    [{ Variable: '$.t', TimestampGreaterThan: '2024-05-01T12:00:00Z' }, 'No'],
    [{ Variable: '$.t', TimestampLessThanEquals: '2024-05-01T12:00:00Z' }, 'Yes'],
    [{ Variable: '$.t', TimestampGreaterThanEquals: '2024-05-02T00:00:00Z' }, 'No'],
    [{ Variable: '$.s', TimestampEquals: '2024-05-01T12:00:00Z' }, 'No'],
  ])('%j → %s', async (rule, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });
});

describe('*Path comparisons read the other side from the input', () => {
  test.each([
    [{ Variable: '$.s', StringEqualsPath: '$.other.s' }, 'Yes'],
    [{ Variable: '$.s', StringLessThanPath: '$.other.hi' }, 'Yes'],
    [{ Variable: '$.s', StringGreaterThanPath: '$.other.lo' }, 'Yes'],
    [{ Variable: '$.s', StringLessThanEqualsPath: '$.other.lo' }, 'No'],
    [{ Variable: '$.s', StringGreaterThanEqualsPath: '$.other.s' }, 'Yes'],
    [{ Variable: '$.n', NumericEqualsPath: '$.other.n' }, 'Yes'],
    [{ Variable: '$.n', NumericLessThanPath: '$.other.big' }, 'Yes'],
    [{ Variable: '$.n', NumericGreaterThanPath: '$.other.big' }, 'No'],
    [{ Variable: '$.n', NumericLessThanEqualsPath: '$.other.n' }, 'Yes'],
    [{ Variable: '$.n', NumericGreaterThanEqualsPath: '$.other.big' }, 'No'],
    [{ Variable: '$.b', BooleanEqualsPath: '$.other.b' }, 'Yes'],
    [{ Variable: '$.t', TimestampEqualsPath: '$.other.t' }, 'Yes'],
    [{ Variable: '$.t', TimestampLessThanPath: '$.other.t' }, 'No'],
    [{ Variable: '$.t', TimestampGreaterThanPath: '$.other.t' }, 'No'],
    [{ Variable: '$.t', TimestampLessThanEqualsPath: '$.other.t' }, 'Yes'],
    [{ Variable: '$.t', TimestampGreaterThanEqualsPath: '$.other.t' }, 'Yes'],
  ])('%j → %s', async (rule, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });
});

describe('type tests', () => {
  test.each([
    [{ Variable: '$.nope', IsPresent: false }, 'Yes'],
    [{ Variable: '$.s', IsPresent: true }, 'Yes'],
    [{ Variable: '$.z', IsNull: true }, 'Yes'],
    [{ Variable: '$.s', IsNull: true }, 'No'],
    [{ Variable: '$.n', IsNumeric: true }, 'Yes'],
    [{ Variable: '$.s', IsNumeric: false }, 'Yes'],
    [{ Variable: '$.s', IsString: true }, 'Yes'],
    [{ Variable: '$.b', IsBoolean: true }, 'Yes'],
    [{ Variable: '$.t', IsTimestamp: true }, 'Yes'],
    [{ Variable: '$.s', IsTimestamp: true }, 'No'],
  ])('%j → %s', async (rule, expected) => {
    expect(await decide(rule, input)).toBe(expected);
  });
  test('a lowercase t or z is not a timestamp (RFC 3339 as the States Language restricts it)', async () => {
    expect(await decide({ Variable: '$.v', IsTimestamp: true }, { v: '2024-05-01t12:00:00z' })).toBe('No');
  });
});

describe('StringMatches', () => {
  test.each([
    ['log-*.txt', 'log-2024.txt', 'Yes'],
    ['log-*.txt', 'log-2024.csv', 'No'],
    ['*', '', 'Yes'],
    ['a\\*b', 'a*b', 'Yes'],
    ['a\\*b', 'axb', 'No'],
    ['a\\\\b', 'a\\b', 'Yes'],
    ['(x).+', '(x).+', 'Yes'],
  ])('%s matches %s → %s', async (pattern, value, expected) => {
    expect(await decide({ Variable: '$.v', StringMatches: pattern }, { v: value })).toBe(expected);
  });
});

describe('boolean logic, order, Default and no match', () => {
  test('And, Or and Not nest', async () => {
    const rule = {
      And: [
        { Variable: '$.n', NumericGreaterThan: 5 },
        { Or: [{ Variable: '$.s', StringEquals: 'kiwi' }, { Not: { Variable: '$.b', BooleanEquals: false } }] },
      ],
    };
    expect(await decide(rule, input)).toBe('Yes');
    expect(await decide({ Not: rule }, input)).toBe('No');
  });

  test('the first matching rule wins; InputPath and OutputPath apply', async () => {
    const def = {
      StartAt: 'C',
      States: {
        C: {
          Type: 'Choice',
          InputPath: '$.in',
          OutputPath: '$.v',
          Choices: [
            { Variable: '$.v', NumericGreaterThan: 1, Next: 'First' },
            { Variable: '$.v', NumericGreaterThan: 0, Next: 'Second' },
          ],
        },
        First: { Type: 'Succeed' },
        Second: { Type: 'Succeed' },
      },
    };
    const r = await run(def, { in: { v: 5 } });
    expect(r.output).toBe(5);
    expect(r.events.filter((e) => e.type === 'SucceedStateEntered').map((e) => e.stateEnteredEventDetails?.name)).toEqual(['First']);
  });

  test('no match and no Default fails with States.NoChoiceMatched', async () => {
    const def = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'X' }] }, X: { Type: 'Succeed' } } };
    const r = await run(def, { n: 2 });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('States.NoChoiceMatched');
  });

  test('a missing Variable is States.Runtime, except for IsPresent', async () => {
    const def = { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.nope', StringEquals: 'x', Next: 'X' }], Default: 'X' }, X: { Type: 'Succeed' } } };
    expect((await run(def, {})).error).toBe('States.Runtime');
  });

  test('a rule with Assign sets variables when it matches; the Default takes the state\'s Assign', async () => {
    const def = {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Assign: { via: 'default' }, Choices: [{ Variable: '$.n', NumericEquals: 1, Assign: { via: 'rule' }, Next: 'X' }], Default: 'X' },
        X: { Type: 'Pass', Parameters: { 'via.$': '$via' }, End: true },
      },
    };
    expect((await run(def, { n: 1 })).output).toEqual({ via: 'rule' });
    expect((await run(def, { n: 2 })).output).toEqual({ via: 'default' });
  });
});
