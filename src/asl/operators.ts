// The operators of a JSONPath Choice rule (States Language, "Choice Rules"): each comparison and its *Path
// form, StringMatches, the Is* type tests, and And/Or/Not. validate/ checks rules, local/ evaluates them
// and graph/ labels their edges from this one list.

/** What an operator's operand must be: a literal of a type, or (the *Path forms) a path to one. */
export type OperandKind = 'string' | 'number' | 'boolean' | 'timestamp' | 'path';

export const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'] as const;

export const BOOLEAN_OPERATORS = ['And', 'Or', 'Not'] as const;

const ORDERS = ['Equals', 'LessThan', 'GreaterThan', 'LessThanEquals', 'GreaterThanEquals'];

/** Every operator that tests the Variable, with the kind of its operand. */
export const COMPARISON_OPERATORS: Readonly<Record<string, OperandKind>> = Object.freeze({
  ...Object.fromEntries(
    ORDERS.flatMap((o) => [
      [`String${o}`, 'string'],
      [`Numeric${o}`, 'number'],
      [`Timestamp${o}`, 'timestamp'],
      [`String${o}Path`, 'path'],
      [`Numeric${o}Path`, 'path'],
      [`Timestamp${o}Path`, 'path'],
    ]),
  ),
  StringMatches: 'string',
  BooleanEquals: 'boolean',
  BooleanEqualsPath: 'path',
  ...Object.fromEntries(TYPE_TESTS.map((t) => [t, 'boolean'])),
});

export function isComparisonOperator(key: string): boolean {
  return Object.hasOwn(COMPARISON_OPERATORS, key);
}
