import { describe, expect, it } from 'vitest';
import { resolverFor } from './helpers.js';

/** Serverless v3: a literal fallback keeps its YAML type (number, boolean, null); only a quoted one is text. */
describe('literal fallbacks keep their type', () => {
  it('a bare number, true, false and null after each kind of source', async () => {
    const r = await resolverFor(
      `
custom:
  fromSelf: \${self:custom.retention, 14}
  fromEnv: \${env:RETENTION, 14}
  fromOpt: \${opt:retention, 7.5}
  fromParam: \${param:retention, 30}
  fromFile: \${file(./missing-key.yml):retention, 90}
  spaced: \${self:custom.retention ,  14 }
  flag: \${self:custom.noFlag, false}
  on: \${env:ON, true}
  empty: \${self:custom.none, null}
  quoted: \${self:custom.retention, '14'}
  inText: days-\${self:custom.retention, 14}
`,
      { files: { 'missing-key.yml': 'other: 1\n' } },
    );
    const custom = (await r.get(['custom'])) as Record<string, unknown>;
    expect(custom).toEqual({
      fromSelf: 14,
      fromEnv: 14,
      fromOpt: 7.5,
      fromParam: 30,
      fromFile: 90,
      spaced: 14,
      flag: false,
      on: true,
      empty: null,
      quoted: '14',
      inText: 'days-14',
    });
  });

  it('a fallback reached through a ${self:} of another key, and through a file, is still the number', async () => {
    const r = await resolverFor(
      `
custom: \${file(./custom.yml)}
provider:
  logRetentionInDays: \${self:custom.retention}
`,
      { files: { 'custom.yml': 'retention: ${self:custom.days, 14}\n' } },
    );
    expect(await r.get(['provider', 'logRetentionInDays'])).toBe(14);
  });
});
