// AWS Step Functions Local's mock configuration file (MockConfigFile.json), read as is:
//   StateMachines.<machine>.TestCases.<case>.<TaskState>: "<MockedResponse name>"
//   MockedResponses.<name>.<"0" | "1-2" | ...>: { Return: <result> } | { Throw: { Error, Cause } }
// A case becomes stepf mocks (a sequence, one entry per invocation) plus how many invocations each state
// has a response for: Step Functions Local fails an execution that calls a Task more often than that,
// where stepf's own sequences repeat their last entry, so the runner checks the count after the run.
import { userError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import type { MockOutcome } from '../local/types.js';
import { isObject, readDataFile, type DataFile } from './data-file.js';

export interface MockCase {
  /** By state name: one outcome per invocation (a Return that looks like `{ error }` stays a result). */
  mocks: Record<string, MockOutcome[]>;
  /** By state name: the number of invocations the file gives a response for. */
  invocations: Record<string, number>;
}

export interface MockConfig {
  file: string;
  /** The StateMachines keys. */
  machines(): string[];
  cases(machine: string): string[];
  /** The case's mocks; an unknown machine or case is an error listing the known ones. */
  testCase(machineNames: string[], name: string): MockCase;
}

/** "0", "3", "1-2": the invocations (0-based, inclusive) a response covers. */
function range(key: string): [number, number] | undefined {
  const m = /^(\d+)(?:-(\d+))?$/.exec(key);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return to >= from ? [from, to] : undefined;
}

/** One MockedResponse as mock outcomes, one per invocation, checked for gaps and overlaps. */
function responses(data: DataFile, name: string): MockOutcome[] {
  const root = data.value as { MockedResponses: Record<string, unknown> };
  const at = ['MockedResponses', name];
  const spec = root.MockedResponses[name];
  if (!isObject(spec) || Object.keys(spec).length === 0) {
    throw userError(`must be an object of responses by invocation ("0", "1-2", ...)`, data.where(at));
  }
  const out: MockOutcome[] = [];
  const ranges = Object.entries(spec).map(([key, value]) => ({ key, value, r: range(key) }));
  for (const { key, r } of ranges) {
    if (!r) throw userError(`"${key}" is not an invocation number or range`, { ...data.where([...at, key]), hint: 'write "0", "1" or an inclusive range "1-2" (invocations count from 0)' });
  }
  ranges.sort((a, b) => a.r![0] - b.r![0]);
  for (const { key, value, r } of ranges) {
    const [from, to] = r!;
    if (from !== out.length) {
      const what = from < out.length ? 'overlaps an earlier range' : `leaves invocation${out.length === from - 1 ? '' : 's'} ${out.length}${from - 1 > out.length ? `-${from - 1}` : ''} without a response`;
      throw userError(what, { ...data.where([...at, key]), hint: 'Step Functions Local needs one response for every invocation, numbered from 0 without gaps' });
    }
    const where = data.where([...at, key]);
    if (!isObject(value) || ('Return' in value) === ('Throw' in value) || Object.keys(value).length !== 1) {
      throw userError(`must hold exactly one field, Return or Throw`, where);
    }
    let outcome: MockOutcome;
    if ('Return' in value) {
      outcome = { result: value.Return };
    } else {
      const t = value.Throw;
      if (!isObject(t) || typeof t.Error !== 'string' || (t.Cause !== undefined && typeof t.Cause !== 'string')) {
        throw userError(`must be { "Error": "...", "Cause": "..." } with string values`, data.where([...at, key, 'Throw']));
      }
      outcome = t.Cause === undefined ? { error: t.Error } : { error: t.Error, cause: t.Cause };
    }
    for (let i = from; i <= to; i++) out.push(outcome);
  }
  return out;
}

export async function readMockConfig(file: string): Promise<MockConfig> {
  const data = await readDataFile(file, 'mock config file');
  const root = data.value;
  if (!isObject(root) || !isObject(root.StateMachines) || !isObject(root.MockedResponses)) {
    throw userError(`mock config file ${file} must be an object with StateMachines and MockedResponses`, { ...data.where([]), hint: 'the format of Step Functions Local\'s MockConfigFile.json' });
  }
  for (const key of Object.keys(root)) {
    if (key !== 'StateMachines' && key !== 'MockedResponses') throw userError(`mock config file ${file} has an unknown top-level field ${key}`, { ...data.where([key]), hint: 'only StateMachines and MockedResponses' });
  }
  const machines = root.StateMachines as Record<string, unknown>;
  const casesOf = (machine: string): Record<string, unknown> => {
    const m = machines[machine];
    if (!isObject(m) || !isObject(m.TestCases)) throw userError('must be an object with TestCases', data.where(['StateMachines', machine]));
    return m.TestCases;
  };
  return {
    file,
    machines: () => Object.keys(machines),
    cases: (machine) => Object.keys(casesOf(machine)),
    testCase(machineNames, name) {
      const machine = machineNames.find((m) => m in machines);
      if (!machine) {
        const known = Object.keys(machines);
        const close = didYouMean(machineNames[0], known);
        throw userError(`mock config file ${file} has no StateMachines entry for ${machineNames.map((m) => `'${m}'`).join(' or ')}`, {
          ...data.where(['StateMachines']),
          hint: `${close ? `did you mean '${close}'? ` : ''}its state machines: ${known.join(', ') || '(none)'}`,
        });
      }
      const cases = casesOf(machine);
      const tc = cases[name];
      if (tc === undefined) {
        const known = Object.keys(cases);
        const close = didYouMean(name, known);
        throw userError(`has no case '${name}'`, {
          ...data.where(['StateMachines', machine, 'TestCases']),
          hint: `${close ? `did you mean '${close}'? ` : ''}known cases: ${known.join(', ') || '(none)'}`,
        });
      }
      const at = ['StateMachines', machine, 'TestCases', name];
      if (!isObject(tc)) throw userError(`must map Task state names to MockedResponses names`, data.where(at));
      const mocks: Record<string, MockOutcome[]> = {};
      const invocations: Record<string, number> = {};
      const known = Object.keys(root.MockedResponses as object);
      for (const [state, ref] of Object.entries(tc)) {
        if (typeof ref !== 'string') throw userError(`must name a MockedResponses entry`, data.where([...at, state]));
        if (!(ref in (root.MockedResponses as object))) {
          const close = didYouMean(ref, known);
          throw userError(`names MockedResponses.${ref}, which the file does not define`, {
            ...data.where([...at, state]),
            hint: `${close ? `did you mean '${close}'? ` : ''}its MockedResponses: ${known.join(', ')}`,
          });
        }
        const list = responses(data, ref);
        mocks[state] = list;
        invocations[state] = list.length;
      }
      return { mocks, invocations };
    },
  };
}
