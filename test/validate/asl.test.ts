import { describe, expect, it } from 'vitest';
import { validateDefinition } from '../../src/validate/asl/index.js';
import { VALID } from './samples.js';
import { BROKEN } from './broken.js';

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
