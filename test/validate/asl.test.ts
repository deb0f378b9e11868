import { beforeAll, describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/validate/asl/index.js';
import { loadJsonataFor } from '../../src/validate/asl/jsonata.js';
import { VALID } from './samples.js';
import { BROKEN } from './broken.js';

// As validateMachines does before the synchronous checks.
beforeAll(() => loadJsonataFor([...Object.values(VALID), ...BROKEN.map((b) => b.definition)]));

const base = ['stepFunctions', 'stateMachines', 'm', 'definition'];
const run = (def: unknown) => validateDefinition(def, { basePath: base, machineKey: 'm' });
const errorsOf = (def: unknown) => run(def).filter((d) => d.severity === 'error');

describe('valid definitions produce no errors', () => {
  for (const [name, def] of Object.entries(VALID)) {
    it(name, () => {
      expect(errorsOf(def)).toEqual([]);
    });
  }
});

describe('each broken definition gets its message, path and hint', () => {
  for (const c of BROKEN) {
    it(c.name, () => {
      const diags = run(c.definition);
      const severity = c.severity ?? 'error';
      const match = diags.find((d) => d.severity === severity && c.message.test(d.message));
      expect(match, `no ${severity} matching ${c.message} in ${JSON.stringify(diags, null, 1)}`).toBeDefined();
      expect(match!.path).toEqual([...base, ...c.path]);
      expect(match!.hint).toMatch(c.hint);
      // One mistake, one error: the other rules stay quiet.
      if (severity === 'error') expect(diags.filter((d) => d.severity === 'error')).toHaveLength(1);
      else expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
    });
  }
});

describe('Lambda tasks without Retry', () => {
  const lambda = (next?: string) => ({ Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f', ...(next ? { Next: next } : { End: true }) });
  it('get one warning per machine, at the first of them, naming each', () => {
    const diags = run({ StartAt: 'A', States: { A: lambda('B'), B: { Type: 'Parallel', Next: 'C', Branches: [{ StartAt: 'D', States: { D: lambda() } }] }, C: lambda() } });
    const retry = diags.filter((d) => d.code === 'lambda-no-retry');
    expect(retry).toHaveLength(1);
    expect(retry[0]!.path).toEqual([...base, 'States', 'A']);
    expect(retry[0]!.message).toMatch(/^3 Lambda tasks \("A", "D" and "C"\) have no Retry for transient Lambda errors/);
    expect(retry[0]!.hint).toMatch(/^add Retry: .* to each$/);
  });
  it('name the first five and count the rest when there are many', () => {
    const states = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`S${i}`, lambda(i < 7 ? `S${i + 1}` : undefined)]));
    const [only] = run({ StartAt: 'S0', States: states }).filter((d) => d.code === 'lambda-no-retry');
    expect(only!.message).toMatch(/^8 Lambda tasks \("S0", "S1", "S2", "S3", "S4" and 3 more\)/);
  });
});
