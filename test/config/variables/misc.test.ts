import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolverFor, userErrorOf } from './helpers.js';

describe('resolver odds and ends', () => {
  it('imports nothing from the AWS SDK (package stays offline and fast)', () => {
    const dir = join(import.meta.dirname, '../../../src/config/variables');
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).not.toMatch(/from '@(aws-sdk|smithy)\//);
  });

  it('a file included from an included file is found relative to the service folder, as in Serverless', async () => {
    const r = await resolverFor('custom: ${file(./conf/a.yml)}', {
      files: { 'conf/a.yml': 'b: ${file(./conf/b.yml):v}\n', 'conf/b.yml': 'v: from-b\n' },
    });
    expect(await r.get(['custom'])).toEqual({ b: 'from-b' });
  });

  it('calls made at the same time are answered one after another, with cycles still found', async () => {
    const r = await resolverFor(`
service: svc
a: \${self:b}
b: \${self:a}
c: \${self:service}-c
`);
    const [a, b, c] = await Promise.allSettled([r.get(['a']), r.get(['b']), r.get(['c'])]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    expect(c).toEqual({ status: 'fulfilled', value: 'svc-c' });
  });

  it('the same failure is listed once, even when asked for again', async () => {
    const r = await resolverFor('a:\n  x: ${env:NOPE}\n  y: ${env:NOPE}\n');
    const first = await userErrorOf(r.get(['a']));
    const again = await userErrorOf(r.get(['a']));
    expect(first.diagnostics.map((d) => d.path)).toEqual([['a', 'x'], ['a', 'y']]);
    expect(again.diagnostics).toEqual(first.diagnostics);
  });

  it('a variable can be asked for through a path into its own resolved value', async () => {
    const r = await resolverFor('custom: ${file(./c.yml)}\nx: ${self:custom.list.1}', { files: { 'c.yml': 'list: [a, "${opt:stage}"]\n' }, options: { stage: 'qa' } });
    expect(await r.get(['x'])).toBe('qa');
    expect(await r.get(['custom', 'list'])).toEqual(['a', 'qa']);
  });
});
