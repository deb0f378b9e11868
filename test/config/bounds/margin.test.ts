import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';
import { Budget, DEFAULT_LIMITS, LIMIT_NAMES, type Limits } from '../../../src/config/limits.js';
import { CONFIG_NAMES } from '../../../src/config/load.js';
import { UserError } from '../../../src/errors.js';
import { packageService } from '../../../src/pipeline.js';

/**
 * The default bounds sit far above what real configs use: every fixture, and every real public config in
 * fixtures/real/, uses at most a tenth of each. Prints the largest use of each bound (README "Bounds").
 */
const root = resolve(__dirname, '../../../fixtures');
const MARGIN = 10;

function serviceDirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((n) => join(dir, n))
    .filter((d) => CONFIG_NAMES.some((c) => existsSync(join(d, c))))
    .sort();
}

const dirs = [...serviceDirs(root), ...serviceDirs(join(root, 'real'))];

it(`every fixture uses at most 1/${MARGIN} of each default bound`, async () => {
  const most = Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((k) => [k, { n: 0, where: '' }])) as Record<keyof Limits, { n: number; where: string }>;
  let walked = { n: 0, where: '' };
  for (const dir of dirs) {
    const budget = new Budget();
    try {
      await packageService({ cwd: dir, stage: 'dev', region: 'us-east-1', budget });
    } catch (err) {
      // A fixture of a config Step Functions rejects still measures what it used up to its error.
      if (!(err instanceof UserError) || err.diagnostics.some((d) => d.code === 'limit-exceeded')) throw err;
    }
    const name = dir.slice(root.length + 1);
    for (const key of Object.keys(most) as Array<keyof Limits>) {
      if (budget.used[key] > most[key].n) most[key] = { n: budget.used[key], where: name };
    }
    if (budget.walked > walked.n) walked = { n: budget.walked, where: name };
  }
  const lines = (Object.keys(most) as Array<keyof Limits>).map(
    (k) => `${LIMIT_NAMES[k].padEnd(14)} ${String(most[k].n).padStart(9)} of ${String(DEFAULT_LIMITS[k]).padStart(9)}  (${most[k].where})`,
  );
  lines.push(`${'walked'.padEnd(14)} ${String(walked.n).padStart(9)} of ${String(DEFAULT_LIMITS.expandedSize).padStart(9)}  (${walked.where})`);
  console.log(`largest use of each bound over ${dirs.length} fixtures:\n${lines.join('\n')}`);
  expect(dirs.length).toBeGreaterThan(10);
  for (const key of Object.keys(most) as Array<keyof Limits>) {
    expect(most[key].n * MARGIN, `${LIMIT_NAMES[key]} in ${most[key].where}`).toBeLessThanOrEqual(DEFAULT_LIMITS[key]);
  }
  // What every config has: the measurement itself is not silently zero.
  for (const key of ['fileSize', 'depth', 'expandedSize', 'stringLength', 'templateSize'] as const) expect(most[key].n).toBeGreaterThan(0);
  expect(walked.n * MARGIN).toBeLessThanOrEqual(DEFAULT_LIMITS.expandedSize);
}, 120_000);
