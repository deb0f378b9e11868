import { describe, expect, it } from 'vitest';
import { firstDifference, lineDiff } from '../../src/testing/json-diff.js';

describe('firstDifference', () => {
  it('names the first differing path, depth first in the expected key order, arrays by index', () => {
    expect(firstDifference({ a: { b: [1, { c: 2 }] } }, { a: { b: [1, { c: 3 }] } }, 'equal')).toMatchObject({ path: '$.a.b[1].c', reason: 'is 3, not 2' });
    expect(firstDifference({ 'odd key': 1 }, { 'odd key': 2 }, 'equal')?.path).toBe('$["odd key"]');
  });

  it('includes allows extra keys at any depth but not a different array length or type', () => {
    expect(firstDifference({ a: { b: 1 } }, { a: { b: 1, c: 2 }, d: 3 }, 'includes')).toBeUndefined();
    expect(firstDifference({ a: { b: 1 } }, { a: { b: 1, c: 2 } }, 'equal')).toMatchObject({ path: '$.a.c', reason: 'is not expected' });
    expect(firstDifference([1, 2], [1, 2, 3], 'includes')).toMatchObject({ path: '$', reason: 'has 3 items, not 2' });
    expect(firstDifference({ a: [] }, { a: {} }, 'includes')).toMatchObject({ path: '$.a', reason: 'is an object, not an array' });
  });

  it('equal values, null and numbers compare exactly', () => {
    expect(firstDifference({ a: null, b: 1.5 }, { a: null, b: 1.5 }, 'equal')).toBeUndefined();
    expect(firstDifference({ a: null }, { a: 0 }, 'equal')).toMatchObject({ reason: 'is 0, not null' });
  });
});

describe('lineDiff', () => {
  it('keeps three unchanged lines around a change and elides the rest', () => {
    const big = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const diff = lineDiff(big, { ...big, k10: 'x' });
    expect(diff).toEqual(['  ...', '    "k7": 7,', '    "k8": 8,', '    "k9": 9,', '-   "k10": 10,', '+   "k10": "x",', '    "k11": 11,', '    "k12": 12,', '    "k13": 13,', '  ...']);
  });
});
