// Native test files (`*.test.yml`, `*.test.yaml`, `*.test.json`): a machine, mocks shared by its cases,
// and cases by name, each with an input, its own mocks and what must hold (README "stepf test").
import { promises as fsp } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { userError, type ConfigPath } from '../errors.js';
import { mockOutcomes } from '../local/mocks.js';
import type { MockOutcome } from '../local/types.js';
import { didYouMean } from '../util/did-you-mean.js';
import { forEachState } from '../util/states.js';
import { readMockConfig, type MockConfig } from './aws-mock-config.js';
import { isObject, readDataFile, type DataFile } from './data-file.js';
import type { Mode } from './json-diff.js';
import type { CaseSpec, Expectations, MachineUnderTest, RunStatus, StateExpectation } from './types.js';

export const TEST_FILE = /\.test\.(ya?ml|json)$/i;

const FILE_KEYS = ['machine', 'mocks', 'mockConfig', 'cases'];
const CASE_KEYS = ['input', 'inputFile', 'mocks', 'mockConfig', 'mockCase', 'expect'];
const EXPECT_KEYS = ['status', 'error', 'cause', 'output', 'outputIncludes', 'path', 'pathIncludes', 'states'];
const STATE_KEYS = ['input', 'inputIncludes', 'output', 'outputIncludes', 'attempts'];
const STATUSES: RunStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT'];

/** Every test file under `dir`, sorted, so runs and reports are in a stable order. */
export async function findTestFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && d === dir) return;
      throw err;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.isDirectory() && e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(join(d, e.name));
      else if (e.isFile() && TEST_FILE.test(e.name)) out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
}

function stateNames(definition: object): Set<string> {
  const names = new Set<string>();
  forEachState(definition, (name) => names.add(name));
  return names;
}

class FileReader {
  private readonly mockConfigs = new Map<string, Promise<MockConfig>>();
  constructor(private readonly data: DataFile, private readonly shown: string) {}

  fail(message: string, path: ConfigPath, hint?: string, key = false): never {
    throw userError(message, { ...this.data.where(path, { key }), ...(hint ? { hint } : {}) });
  }

  keys(value: Record<string, unknown>, allowed: string[], path: ConfigPath): void {
    for (const k of Object.keys(value)) {
      if (allowed.includes(k)) continue;
      const close = didYouMean(k, allowed);
      this.fail(`unknown key ${k}`, [...path, k], close ? `did you mean ${close}?` : `allowed here: ${allowed.join(', ')}`, true);
    }
  }

  outcomes(mocks: unknown, path: ConfigPath): Record<string, MockOutcome[]> {
    if (mocks === undefined) return {};
    if (!isObject(mocks)) this.fail('mocks must be an object of mocks by Task state name', path);
    const out: Record<string, MockOutcome[]> = {};
    for (const [state, spec] of Object.entries(mocks)) {
      try {
        out[state] = mockOutcomes(spec);
      } catch (err) {
        this.fail(`${(err as Error).message}`, [...path, state]);
      }
    }
    return out;
  }

  mockConfig(file: string): Promise<MockConfig> {
    const full = resolve(dirname(this.data.file), file);
    if (!this.mockConfigs.has(full)) this.mockConfigs.set(full, readMockConfig(full));
    return this.mockConfigs.get(full)!;
  }

  compared(body: Record<string, unknown>, key: string, path: ConfigPath): { mode: Mode; value: unknown } | undefined {
    const includes = `${key}Includes`;
    if (key in body && includes in body) this.fail(`${key} and ${includes} both given`, [...path, includes], `${key} must equal; ${includes} names only the parts that must be there`);
    if (key in body) return { mode: 'equal', value: body[key] };
    if (includes in body) return { mode: 'includes', value: body[includes] };
    return undefined;
  }

  expectations(raw: unknown, path: ConfigPath, names: Set<string>): Expectations {
    if (raw === undefined) return { status: 'SUCCEEDED' };
    if (!isObject(raw)) this.fail('expect must be an object (status, error, cause, output, outputIncludes, path, pathIncludes, states)', path);
    this.keys(raw, EXPECT_KEYS, path);
    for (const k of ['error', 'cause'] as const) if (raw[k] !== undefined && typeof raw[k] !== 'string') this.fail(`expect.${k} must be a string`, [...path, k]);
    let status: RunStatus;
    if (raw.status === undefined) status = raw.error !== undefined || raw.cause !== undefined ? 'FAILED' : 'SUCCEEDED';
    else if (STATUSES.includes(raw.status as RunStatus)) status = raw.status as RunStatus;
    else this.fail(`expect.status must be one of ${STATUSES.join(', ')}`, [...path, 'status']);
    if (status === 'SUCCEEDED' && (raw.error !== undefined || raw.cause !== undefined)) this.fail('expect.error and expect.cause need status FAILED or TIMED_OUT', [...path, raw.error !== undefined ? 'error' : 'cause']);
    const out: Expectations = { status };
    if (raw.error !== undefined) out.error = raw.error as string;
    if (raw.cause !== undefined) out.cause = raw.cause as string;
    const output = this.compared(raw, 'output', path);
    if (output) out.output = output;
    const p = this.compared(raw, 'path', path);
    if (p) {
      const key = p.mode === 'equal' ? 'path' : 'pathIncludes';
      if (!Array.isArray(p.value) || !p.value.every((s) => typeof s === 'string')) this.fail(`expect.${key} must be a list of state names`, [...path, key]);
      (p.value as string[]).forEach((s, i) => {
        if (!names.has(s)) this.unknownState(s, [...path, key, i], names);
      });
      out.path = p as { mode: Mode; value: string[] };
    }
    if (raw.states !== undefined) {
      if (!isObject(raw.states)) this.fail('expect.states must be an object by state name', [...path, 'states']);
      out.states = {};
      for (const [state, body] of Object.entries(raw.states)) {
        const at = [...path, 'states', state];
        if (!names.has(state)) this.unknownState(state, at, names);
        if (!isObject(body)) this.fail(`expect.states.${state} must be an object (${STATE_KEYS.join(', ')})`, at);
        this.keys(body, STATE_KEYS, at);
        const e: StateExpectation = {};
        const input = this.compared(body, 'input', at);
        const output = this.compared(body, 'output', at);
        if (input) e.input = input;
        if (output) e.output = output;
        if (body.attempts !== undefined) {
          if (!Number.isInteger(body.attempts) || (body.attempts as number) < 0) this.fail('attempts must be a whole number (0: never run)', [...at, 'attempts']);
          e.attempts = body.attempts as number;
        }
        out.states[state] = e;
      }
    }
    return out;
  }

  unknownState(name: string, path: ConfigPath, names: Set<string>): never {
    const close = didYouMean(name, names);
    this.fail(`the machine has no state named ${name}`, path, close ? `did you mean ${close}?` : `its states: ${[...names].join(', ')}`);
  }

  async cases(machines: MachineUnderTest[], cwd: string): Promise<CaseSpec[]> {
    const root = this.data.value;
    if (!isObject(root)) this.fail('a test file must be an object with machine and cases', []);
    this.keys(root, FILE_KEYS, []);
    let machine: MachineUnderTest;
    if (root.machine === undefined) {
      if (machines.length !== 1) this.fail(`which state machine? this service has ${machines.length}: name one with machine:`, [], `machine: ${machines[0]?.key ?? '<key>'}`);
      machine = machines[0];
    } else {
      const found = machines.find((m) => m.key === root.machine || m.name === root.machine);
      if (!found) {
        const keys = machines.map((m) => m.key);
        const close = didYouMean(String(root.machine), keys);
        this.fail(`no state machine ${String(root.machine)} in this service`, ['machine'], `${close ? `did you mean ${close}? ` : ''}known state machines: ${keys.join(', ')}`);
      }
      machine = found;
    }
    const names = stateNames(machine.definition);
    const shared = this.outcomes(root.mocks, ['mocks']);
    for (const state of Object.keys(shared)) if (!names.has(state)) this.unknownState(state, ['mocks', state], names);
    if (root.mockConfig !== undefined && typeof root.mockConfig !== 'string') this.fail('mockConfig must be the path of a MockConfigFile.json', ['mockConfig']);
    if (!isObject(root.cases) || Object.keys(root.cases).length === 0) this.fail('cases must be an object of cases by name (at least one)', ['cases'], 'cases:\n    happy path:\n      input: {}');
    const out: CaseSpec[] = [];
    for (const [name, raw] of Object.entries(root.cases)) {
      const at = ['cases', name];
      const body = raw ?? {};
      if (!isObject(body)) this.fail(`case ${name} must be an object (${CASE_KEYS.join(', ')})`, at);
      this.keys(body, CASE_KEYS, at);
      if (body.input !== undefined && body.inputFile !== undefined) this.fail('input and inputFile both given', [...at, 'inputFile']);
      let input: unknown = body.input ?? {};
      if (body.inputFile !== undefined) {
        if (typeof body.inputFile !== 'string') this.fail('inputFile must be a path (relative to the test file)', [...at, 'inputFile']);
        input = (await readDataFile(resolve(dirname(this.data.file), body.inputFile), 'input file')).value;
      }
      const outcomes: Record<string, MockOutcome[]> = { ...shared };
      let invocations: Record<string, number> | undefined;
      let mockCase: string | undefined;
      const configFile = body.mockConfig ?? root.mockConfig;
      if (body.mockCase !== undefined) {
        if (typeof body.mockCase !== 'string') this.fail('mockCase must name a test case of the mock config file', [...at, 'mockCase']);
        if (typeof configFile !== 'string') this.fail('mockCase needs mockConfig (here or at the top of the file)', [...at, 'mockCase']);
        const config = await this.mockConfig(configFile);
        const tc = config.testCase([machine.key, machine.name], body.mockCase);
        Object.assign(outcomes, tc.mocks);
        invocations = tc.invocations;
        mockCase = `${relative(cwd, config.file) || config.file}#${body.mockCase}`;
      } else if (body.mockConfig !== undefined) {
        this.fail('mockConfig needs mockCase: the test case to take the mocks from', [...at, 'mockConfig']);
      }
      const own = this.outcomes(body.mocks, [...at, 'mocks']);
      Object.assign(outcomes, own);
      if (invocations) for (const state of Object.keys(own)) delete invocations[state];
      for (const state of Object.keys(own)) if (!names.has(state)) this.unknownState(state, [...at, 'mocks', state], names);
      out.push({
        id: `${this.shown} > ${name}`,
        file: this.shown,
        name,
        machine: machine.key,
        input,
        outcomes,
        ...(invocations ? { invocations } : {}),
        ...(mockCase ? { mockCase } : {}),
        expect: this.expectations(body.expect, [...at, 'expect'], names),
      });
    }
    return out;
  }
}

/** The cases of one test file, checked against the service's machines. */
export async function readTestFile(file: string, machines: MachineUnderTest[], cwd = process.cwd()): Promise<CaseSpec[]> {
  const data = await readDataFile(file, 'test file');
  const shown = relative(cwd, file) || file;
  return new FileReader(data, shown).cases(machines, cwd);
}
