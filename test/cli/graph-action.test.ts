import { describe, expect, it } from 'vitest';
import { destinationOf, formatOf } from '../../src/cli/commands/graph.js';
import { UsageError } from '../../src/errors.js';

describe('stepf graph: format and destination', () => {
  it('takes the format from --format, else from --out\'s extension, else svg', () => {
    expect(formatOf({})).toBe('svg');
    expect(formatOf({ out: '-' })).toBe('svg');
    expect(formatOf({ out: 'a.MMD' })).toBe('mermaid');
    expect(formatOf({ out: 'docs/flow.md' })).toBe('mermaid');
    expect(formatOf({ out: 'a.gv' })).toBe('dot');
    expect(formatOf({ out: 'a.svg', format: 'dot' })).toBe('dot');
    expect(() => formatOf({ out: 'a.png' })).toThrow(UsageError);
  });

  it('SVG typed at a terminal goes to <machine>.svg; redirected, and for text formats, to stdout; --out - is stdout', () => {
    expect(destinationOf('svg', undefined, 'orders', true)).toBe('orders.svg');
    expect(destinationOf('svg', undefined, 'my machine/v2', true)).toBe('my-machine-v2.svg');
    expect(destinationOf('svg', undefined, 'orders', false)).toBeUndefined();
    expect(destinationOf('mermaid', undefined, 'orders', true)).toBeUndefined();
    expect(destinationOf('dot', 'x.dot', 'orders', true)).toBe('x.dot');
    expect(destinationOf('svg', '-', 'orders', true)).toBeUndefined();
  });
});
