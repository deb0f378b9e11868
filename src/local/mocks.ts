// Mocks stand in for Task states in a local run, by state name. A mock is the Task's result, or
// `{ "error": "...", "cause": "..." }` to fail it, or `{ "sequence": [ ... ] }`: one entry per attempt
// (for Retry), the last one repeating. From the CLI: `--mock StateName=result.json` (repeatable) or
// `--mocks mocks.json|yml` holding `{ "StateName": <mock> }`.
import { promises as fsp } from 'node:fs';
import { extname, resolve } from 'node:path';
import { userError } from '../errors.js';
import { didYouMean } from '../util/did-you-mean.js';
import { forEachState } from '../util/states.js';
import type { MockOutcome, MockSpec } from './types.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Only an object whose keys are `error` (a string) and optionally `cause` is an error: anything else is a result. */
function asOutcome(spec: unknown): MockOutcome {
  if (isObject(spec) && typeof spec.error === 'string' && Object.keys(spec).every((k) => k === 'error' || k === 'cause')) {
    const cause = spec.cause === undefined ? undefined : typeof spec.cause === 'string' ? spec.cause : JSON.stringify(spec.cause);
    return cause === undefined ? { error: spec.error } : { error: spec.error, cause };
  }
  return { result: spec };
}

export function mockOutcomes(spec: MockSpec): MockOutcome[] {
  if (isObject(spec) && Object.keys(spec).length === 1 && Array.isArray(spec.sequence)) {
    if (spec.sequence.length === 0) throw userError('a mock { "sequence": [] } needs at least one entry');
    return spec.sequence.map(asOutcome);
  }
  return [asOutcome(spec)];
}

/** Hands out each state's outcomes in order, one per call; the last one repeats. */
export class MockBook {
  private readonly calls = new Map<string, number>();
  private readonly outcomes = new Map<string, MockOutcome[]>();

  constructor(mocks: Record<string, MockSpec> = {}, outcomes: Record<string, MockOutcome[]> = {}) {
    for (const [name, list] of Object.entries(outcomes)) this.outcomes.set(name, list);
    for (const [name, spec] of Object.entries(mocks)) this.outcomes.set(name, mockOutcomes(spec));
  }

  has(state: string): boolean {
    return this.outcomes.has(state);
  }

  names(): string[] {
    return [...this.outcomes.keys()];
  }

  next(state: string): MockOutcome | undefined {
    const list = this.outcomes.get(state);
    if (!list) return undefined;
    const n = this.calls.get(state) ?? 0;
    this.calls.set(state, n + 1);
    return list[Math.min(n, list.length - 1)];
  }
}

async function readData(file: string, flag: string): Promise<unknown> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    throw userError(`cannot read ${flag} file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { file });
  }
  const ext = extname(file).toLowerCase();
  if (ext === '.yml' || ext === '.yaml') {
    // Bundled by esbuild, the CommonJS yaml package arrives as { default: exports }.
    const yaml = await import('yaml');
    const { parseDocument } = (yaml as unknown as { default?: typeof yaml }).default ?? yaml;
    const doc = parseDocument(text);
    if (doc.errors.length) {
      const e = doc.errors[0];
      throw userError(`${flag} file ${file} is not valid YAML: ${e.message}`, { file, line: e.linePos?.[0].line, column: e.linePos?.[0].col });
    }
    return doc.toJS() as unknown;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw userError(`${flag} file ${file} is not valid JSON: ${(err as Error).message}`, { file });
  }
}

/** Reads `--mock StateName=file` options and a `--mocks` file into mocks by state name (--mock wins). */
export async function loadMocks(opts: { mock?: string[]; mocks?: string }, cwd = process.cwd()): Promise<Record<string, MockSpec>> {
  const out: Record<string, MockSpec> = {};
  if (opts.mocks) {
    const file = resolve(cwd, opts.mocks);
    const data = await readData(file, '--mocks');
    if (!isObject(data)) throw userError(`--mocks file ${file} must hold an object of mocks by state name`, { file });
    for (const [name, spec] of Object.entries(data)) {
      mockOutcomes(spec);
      out[name] = spec;
    }
  }
  for (const entry of opts.mock ?? []) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || eq === entry.length - 1) {
      throw userError(`--mock ${entry} should be StateName=file.json`, { hint: 'for example --mock ChargeCard=fixtures/charge-ok.json' });
    }
    const file = resolve(cwd, entry.slice(eq + 1));
    const spec = await readData(file, '--mock');
    mockOutcomes(spec);
    out[entry.slice(0, eq)] = spec;
  }
  return out;
}

/** Names of the Task states of a definition, nested ones included (what a mock may stand in for). */
function taskNames(def: unknown): Set<string> {
  const out = new Set<string>();
  forEachState(def, (name, s) => {
    if (isObject(s) && s.Type === 'Task') out.add(name);
  });
  return out;
}

/** A mock for a state the machine does not have is a typo that would silently leave the real Task unmocked. */
export function checkMockNames(mocks: Record<string, unknown> | undefined, definition: unknown): void {
  if (!mocks) return;
  const tasks = taskNames(definition);
  for (const name of Object.keys(mocks)) {
    if (tasks.has(name)) continue;
    const close = didYouMean(name, tasks);
    throw userError(`a mock names ${name}, which is not a Task state of this state machine`, {
      hint: close ? `did you mean ${close}?` : `its Task states: ${[...tasks].join(', ') || '(none)'}`,
    });
  }
}
