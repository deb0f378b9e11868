// Every intrinsic function, on the examples of the AWS developer guide ("Intrinsic functions for
// JSONPath states", docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html) and on
// hand-computed edge cases.
import { describe, expect, test } from 'vitest';
import { evaluate, failureOf } from './helpers.js';

const nine = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] };

describe('AWS documentation examples', () => {
  test('States.Format with a literal template and with a template from the input', async () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(await evaluate("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(await evaluate('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });
  test('States.StringToJson parses an escaped JSON string', async () => {
    expect(await evaluate('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({ foo: 'bar' });
  });
  test('States.JsonToString gives compact JSON text', async () => {
    expect(await evaluate('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe('{"foo":"bar"}');
  });
  test('States.Array collects its arguments', async () => {
    expect(await evaluate('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
  });
  test('States.ArrayPartition cuts chunks of 4 and a shorter last one', async () => {
    expect(await evaluate('States.ArrayPartition($.inputArray,4)', nine)).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });
  test('States.ArrayContains finds 5', async () => {
    expect(await evaluate('States.ArrayContains($.inputArray, $.lookingFor)', { ...nine, lookingFor: 5 })).toBe(true);
  });
  test('States.ArrayRange(1, 9, 2) is inclusive of its end', async () => {
    expect(await evaluate('States.ArrayRange(1, 9, 2)', {})).toEqual([1, 3, 5, 7, 9]);
  });
  test('States.ArrayGetItem takes a zero-based index', async () => {
    expect(await evaluate('States.ArrayGetItem($.inputArray, $.index)', { ...nine, index: 5 })).toBe(6);
  });
  test('States.ArrayLength counts items', async () => {
    expect(await evaluate('States.ArrayLength($.inputArray)', nine)).toBe(9);
  });
  test('States.ArrayUnique keeps first occurrences in order', async () => {
    expect(await evaluate('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });
  test('States.Base64Encode and States.Base64Decode', async () => {
    expect(await evaluate('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(await evaluate('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
  });
  test('States.Hash with SHA-1', async () => {
    expect(await evaluate('States.Hash($.Data, $.Algorithm)', { Data: 'input data', Algorithm: 'SHA-1' })).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
  });
  test('States.JsonMerge is shallow: the second object wins a key whole', async () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(await evaluate('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });
  test('States.MathAdd(111, -1) is 110', async () => {
    expect(await evaluate('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
  });
  test('States.StringSplit on one delimiter and on a set of delimiter characters', async () => {
    expect(await evaluate('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual(['1', '2', '3', '4', '5']);
    expect(await evaluate('States.StringSplit($.inputString, $.splitter)', { inputString: 'This.is+a,test=string', splitter: '.+,=' })).toEqual([
      'This', 'is', 'a', 'test', 'string',
    ]);
  });
});

describe('hand-computed cases', () => {
  test('Format: escaped braces and quotes are literal, numbers/booleans/null print as JSON', async () => {
    expect(await evaluate("States.Format('\\{\\} {} \\'q\\' {} {}', $.n, $.b, $.z)", { n: 1.5, b: true, z: null })).toBe("{} 1.5 'q' true null");
  });
  test('Format: a placeholder count that does not match the values fails with States.IntrinsicFailure', async () => {
    expect((await failureOf("States.Format('{} {}', $.a)", { a: 1 })).error).toBe('States.IntrinsicFailure');
  });
  test('Format: an object value fails', async () => {
    expect((await failureOf("States.Format('{}', $.a)", { a: { x: 1 } })).error).toBe('States.IntrinsicFailure');
  });
  // The guide's nine-deep example has three {} and two values; with two {} it reads major.minor.
  test('nested calls evaluate inside out (the guide\'s ARN example, two placeholders)', async () => {
    const input = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe.v2/1.0.0' } };
    const expr =
      "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    // split on '/': [arn:...:image-recipe, my-recipe.v2, 1.0.0]; item 2 = '1.0.0'; split on '.': [1, 0, 0]
    expect(await evaluate(expr, input)).toBe('1.0');
  });
  test('Array with literals of every kind and the context object', async () => {
    expect(await evaluate("States.Array('a', 1, -2.5, true, null, $$.State.Name)", {})).toEqual(['a', 1, -2.5, true, null, 'P']);
  });
  test('ArrayPartition of an empty array is empty; a chunk size of 0 fails', async () => {
    expect(await evaluate('States.ArrayPartition($.a, 2)', { a: [] })).toEqual([]);
    expect((await failureOf('States.ArrayPartition($.a, 0)', { a: [1] })).error).toBe('States.IntrinsicFailure');
  });
  test('ArrayContains compares objects by value', async () => {
    expect(await evaluate('States.ArrayContains($.a, $.v)', { a: [{ x: 1, y: [2] }], v: { y: [2], x: 1 } })).toBe(true);
    expect(await evaluate('States.ArrayContains($.a, $.v)', { a: [{ x: 1 }], v: { x: 2 } })).toBe(false);
  });
  test('ArrayRange counts down with a negative step, is empty when the step points away, and stops at 1000 items', async () => {
    expect(await evaluate('States.ArrayRange(5, 1, -2)', {})).toEqual([5, 3, 1]);
    expect(await evaluate('States.ArrayRange(1, 5, -1)', {})).toEqual([]);
    expect((await evaluate('States.ArrayRange(1, 1000, 1)', {})) as unknown[]).toHaveLength(1000);
    expect((await failureOf('States.ArrayRange(1, 1001, 1)', {})).error).toBe('States.IntrinsicFailure');
    expect((await failureOf('States.ArrayRange(1, 5, 0)', {})).error).toBe('States.IntrinsicFailure');
  });
  test('ArrayGetItem out of bounds fails', async () => {
    expect((await failureOf('States.ArrayGetItem($.a, 3)', { a: [1, 2, 3] })).error).toBe('States.IntrinsicFailure');
  });
  test('ArrayUnique dedupes objects by value', async () => {
    expect(await evaluate('States.ArrayUnique($.a)', { a: [{ k: 1 }, { k: 1 }, 'x', 'x', { k: 2 }] })).toEqual([{ k: 1 }, 'x', { k: 2 }]);
  });
  test('Base64 round-trips UTF-8 and rejects text that is not base64', async () => {
    expect(await evaluate('States.Base64Encode($.s)', { s: 'é€' })).toBe('w6nigqw=');
    expect(await evaluate('States.Base64Decode($.s)', { s: 'w6nigqw=' })).toBe('é€');
    expect((await failureOf('States.Base64Decode($.s)', { s: 'not base64!' })).error).toBe('States.IntrinsicFailure');
  });
  test('Base64Encode refuses more than 10000 characters', async () => {
    expect((await failureOf('States.Base64Encode($.s)', { s: 'x'.repeat(10_001) })).error).toBe('States.IntrinsicFailure');
  });
  test('Hash supports MD5, SHA-256 and refuses an unknown algorithm', async () => {
    expect(await evaluate("States.Hash($.d, 'MD5')", { d: 'input data' })).toBe('812f45842bc6d66ee14572ce20db8e86');
    expect(await evaluate("States.Hash($.d, 'SHA-256')", { d: 'input data' })).toBe('b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3');
    expect((await failureOf("States.Hash($.d, 'SHA-3')", { d: 'x' })).cause).toMatch(/MD5, SHA-1, SHA-256, SHA-384, SHA-512/);
  });
  test('JsonMerge with deep merge true is refused', async () => {
    expect((await failureOf('States.JsonMerge($.a, $.b, true)', { a: {}, b: {} })).cause).toMatch(/shallow/);
  });
  test('MathRandom stays in [start, end) and repeats for a seed', async () => {
    for (let i = 0; i < 20; i++) {
      const v = (await evaluate('States.MathRandom(1, 4)', {})) as number;
      expect([1, 2, 3]).toContain(v);
    }
    const a = await evaluate('States.MathRandom(1, 1000, 42)', {});
    expect(await evaluate('States.MathRandom(1, 1000, 42)', {})).toBe(a);
  });
  test('MathAdd rounds non-integers to the nearest integer first (halves up)', async () => {
    expect(await evaluate('States.MathAdd(1.5, 2.4)', {})).toBe(4);
    expect(await evaluate('States.MathAdd(-1.5, 0)', {})).toBe(-1);
    expect((await failureOf("States.MathAdd('1', 2)", {})).error).toBe('States.IntrinsicFailure');
  });
  test('StringSplit drops empty pieces', async () => {
    expect(await evaluate("States.StringSplit(',a,,b,', ',')", {})).toEqual(['a', 'b']);
  });
  test('StringToJson of text that is not JSON fails', async () => {
    expect((await failureOf('States.StringToJson($.s)', { s: '{nope' })).error).toBe('States.IntrinsicFailure');
  });
  test('UUID is a version 4 UUID, different each time', async () => {
    const a = await evaluate('States.UUID()', {});
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await evaluate('States.UUID()', {})).not.toBe(a);
  });
  test('an unknown function and a syntax error are clear', async () => {
    expect((await failureOf('States.Nope($.a)', { a: 1 })).cause).toMatch(/States.Nope is not an intrinsic function/);
    await expect(failureOf("States.Format('x', ", {})).rejects.toThrow(/not a valid intrinsic function invocation/);
  });
});
