import { describe, expect, it } from 'vitest';
import { choiceLabel, ruleText } from '../../src/graph/choice-label.js';

describe('Choice rule labels', () => {
  it.each([
    [{ Variable: '$.x', NumericEquals: 1 }, '$.x == 1'],
    [{ Variable: '$.s', StringEquals: 'a' }, '$.s == "a"'],
    [{ Variable: '$.n', NumericLessThanEquals: 3 }, '$.n <= 3'],
    [{ Variable: '$.n', NumericGreaterThanEquals: 3 }, '$.n >= 3'],
    [{ Variable: '$.n', NumericGreaterThan: 3 }, '$.n > 3'],
    [{ Variable: '$.t', TimestampLessThan: '2024-01-01T00:00:00Z' }, '$.t < "2024-01-01T00:00:00Z"'],
    [{ Variable: '$.a', NumericEqualsPath: '$.b' }, '$.a == $.b'],
    [{ Variable: '$.b', BooleanEquals: true }, '$.b == true'],
    [{ Variable: '$.f', StringMatches: 'log-*.txt' }, '$.f matches "log-*.txt"'],
    [{ Variable: '$.x', IsPresent: false }, '$.x is not present'],
    [{ Variable: '$.x', IsNull: true }, '$.x is null'],
    [{ Not: { Variable: '$.x', IsString: true } }, '!($.x is string)'],
    [
      { And: [{ Variable: '$.a', NumericEquals: 1 }, { Or: [{ Variable: '$.b', IsPresent: true }, { Variable: '$.c', StringEquals: 'x' }] }] },
      '$.a == 1 && ($.b is present || $.c == "x")',
    ],
    [{ Condition: '{% $states.input.x = 1 %}' }, '$states.input.x = 1'],
  ])('%j reads %s', (rule, text) => {
    expect(ruleText(rule)).toBe(text);
  });

  it('cuts a long rule to 48 characters with an ellipsis', () => {
    const label = choiceLabel({ Variable: '$.a.very.long.path.to.a.value.somewhere.deep', StringEquals: 'and a long literal too' });
    expect(label).toHaveLength(48);
    expect(label.endsWith('…')).toBe(true);
  });
});
