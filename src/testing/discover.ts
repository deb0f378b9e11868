// Which cases a `stepf test` run (or `stepf graph --coverage`) means: every test file under the tests
// folder (custom.stepf.tests, default tests/stepf), optionally narrowed to one machine and one case.
import { dirname, relative, resolve } from 'node:path';
import { userError } from '../errors.js';
import type { MachineSummary } from '../compile/types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { findTestFiles, readTestFile } from './test-file.js';
import type { CaseSpec, MachineUnderTest } from './types.js';

export const DEFAULT_TESTS_DIR = 'tests/stepf';

export function machinesUnderTest(summaries: MachineSummary[]): MachineUnderTest[] {
  return summaries.filter((m) => m.definition).map((m) => ({ key: m.key, name: m.name ?? m.key, definition: m.definition as object }));
}

export interface Selection {
  configFile: string;
  testsDir?: string;
  machine?: string;
  caseName?: string;
}

export async function collectCases(machines: MachineUnderTest[], sel: Selection, cwd = process.cwd()): Promise<{ cases: CaseSpec[]; dir: string; files: string[] }> {
  const dir = resolve(dirname(sel.configFile), sel.testsDir ?? DEFAULT_TESTS_DIR);
  const shownDir = relative(cwd, dir) || '.';
  const files = await findTestFiles(dir);
  if (files.length === 0) {
    throw userError(`no test files in ${shownDir}`, {
      code: 'no-tests',
      hint: `write one, e.g. ${shownDir}/${sel.machine ?? machines[0]?.key ?? 'machine'}.test.yml (README "stepf test"), or set custom.stepf.tests to the folder that holds them`,
    });
  }
  let cases: CaseSpec[] = [];
  for (const f of files) cases.push(...(await readTestFile(f, machines, cwd)));
  if (sel.machine !== undefined) {
    const m = machines.find((x) => x.key === sel.machine);
    if (!m) {
      const keys = machines.map((x) => x.key);
      const close = didYouMean(sel.machine, keys);
      throw userError(`no state machine '${sel.machine}' in ${sel.configFile}`, { file: sel.configFile, path: ['stepFunctions', 'stateMachines'], hint: `${close ? `did you mean '${close}'? ` : ''}known state machines: ${keys.join(', ')}` });
    }
    cases = cases.filter((c) => c.machine === m.key);
    if (!cases.length) throw userError(`no test cases for ${m.key} in ${shownDir}`, { code: 'no-tests', hint: `add a test file with machine: ${m.key}` });
  }
  if (sel.caseName !== undefined) {
    const picked = cases.filter((c) => c.name === sel.caseName);
    if (!picked.length) {
      const names = [...new Set(cases.map((c) => c.name))];
      const close = didYouMean(sel.caseName, names);
      throw userError(`no case '${sel.caseName}'${sel.machine ? ` for ${sel.machine}` : ''} in ${shownDir}`, { code: 'unknown-case', hint: `${close ? `did you mean '${close}'? ` : ''}known cases: ${names.join(', ')}` });
    }
    cases = picked;
  }
  return { cases, dir, files };
}
