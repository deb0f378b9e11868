// Mock specs and the CLI's --mock / --mocks files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadMocks, mockOutcomes } from '../../src/local/index.js';

const dir = mkdtempSync(join(tmpdir(), 'stepf-mocks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('a value is a result; { error, cause } is a failure; { sequence } is one outcome per attempt', () => {
  expect(mockOutcomes({ ok: 1 })).toEqual([{ result: { ok: 1 } }]);
  expect(mockOutcomes({ error: 'E', cause: 'c' })).toEqual([{ error: 'E', cause: 'c' }]);
  expect(mockOutcomes({ sequence: [{ error: 'E' }, 'done'] })).toEqual([{ error: 'E' }, { result: 'done' }]);
  // An object with more keys than error/cause is a result that happens to have an error field.
  expect(mockOutcomes({ error: 'E', status: 500 })).toEqual([{ result: { error: 'E', status: 500 } }]);
});

test('--mocks reads JSON or YAML; --mock StateName=file adds or overrides one state', async () => {
  writeFileSync(join(dir, 'mocks.yml'), 'Charge:\n  Payload: { ok: true }\nNotify:\n  error: SNS.Down\n  cause: maintenance\n');
  writeFileSync(join(dir, 'charge.json'), '{"Payload": {"ok": false}}');
  const mocks = await loadMocks({ mocks: 'mocks.yml', mock: ['Charge=charge.json'] }, dir);
  expect(mocks).toEqual({ Charge: { Payload: { ok: false } }, Notify: { error: 'SNS.Down', cause: 'maintenance' } });
});

test('a bad --mock flag, a missing file and invalid JSON are UserErrors naming them', async () => {
  await expect(loadMocks({ mock: ['Charge'] }, dir)).rejects.toThrow(/--mock Charge should be StateName=file.json/);
  await expect(loadMocks({ mock: ['Charge=nope.json'] }, dir)).rejects.toThrow(/cannot read --mock file .*nope.json: ENOENT/);
  writeFileSync(join(dir, 'bad.json'), '{ nope');
  await expect(loadMocks({ mocks: 'bad.json' }, dir)).rejects.toThrow(/--mocks file .*bad.json is not valid JSON/);
});
