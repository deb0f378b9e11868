// Small builders for local-run tests.
import { runLocal, type LocalRunOptions, type LocalRunResult } from '../../src/local/index.js';

export const T0 = new Date('2024-05-01T12:00:00.000Z');

export function run(definition: object, input: unknown, opts: LocalRunOptions = {}): Promise<LocalRunResult> {
  return runLocal(definition, input, { ...opts, context: { now: () => T0, executionName: 'exec-1', stateMachineName: 'Machine', ...opts.context } });
}

/** One Pass state whose Parameters are `{ "r.$": expression }`: the value an intrinsic or path gives. */
export async function evaluate(expression: string, input: unknown): Promise<unknown> {
  const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'r.$': expression }, End: true } } }, input);
  if (r.status !== 'SUCCEEDED') throw new Error(`${r.error}: ${r.cause}`);
  return (r.output as { r: unknown }).r;
}

/** The run's failure, for expressions that must fail. */
export async function failureOf(expression: string, input: unknown): Promise<{ error?: string; cause?: string }> {
  const r = await run({ StartAt: 'P', States: { P: { Type: 'Pass', Parameters: { 'r.$': expression }, End: true } } }, input);
  return { error: r.error, cause: r.cause };
}

export function types(r: LocalRunResult): string[] {
  return r.events.map((e) => e.type!);
}
