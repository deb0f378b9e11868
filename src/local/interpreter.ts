// A small, exact interpreter of the Amazon States Language for `stepf invoke --local`: Task states are
// answered by mocks, Wait states and retry intervals move a virtual clock, and the run records an
// execution history in the shape of AWS's. Our own rather than aws-local-stepfunctions (which declares
// Node 22 and, on Node 20, silently ignored a JSONata Output) or moto's (Python, no JSONata).
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import { userError } from '../errors.js';
import { evaluateRule, parseTimestamp } from './choice.js';
import { checkFields } from './fields.js';
import { json, Recorder, type Thread } from './history.js';
import { evaluateJsonata, isJsonataExpression, resolveJsonata } from './jsonata.js';
import { setAtPath } from './jsonpath.js';
import { checkMockNames, MockBook } from './mocks.js';
import { buildPayload, compilePath, evaluateDynamic, readPath, type PathEnv, type Where } from './payload.js';
import { errorMatches, runtime, StatesError } from './states-error.js';
import type { LocalRunOptions, LocalRunResult, QueryLanguage } from './types.js';

type Json = Record<string, unknown>;

interface Definition {
  StartAt: string;
  States: Record<string, Json>;
  QueryLanguage?: QueryLanguage;
  TimeoutSeconds?: number;
}

/** Workflow variables: a Parallel branch or Map iteration reads the outer ones and keeps its own. */
class Scope {
  private readonly vars = new Map<string, unknown>();
  constructor(private readonly parent?: Scope) {}
  get(name: string): { found: true; value: unknown } | { found: false } {
    if (this.vars.has(name)) return { found: true, value: this.vars.get(name) };
    return this.parent ? this.parent.get(name) : { found: false };
  }
  all(): Json {
    return { ...(this.parent?.all() ?? {}), ...Object.fromEntries(this.vars) };
  }
  assign(values: Json): void {
    for (const [k, v] of Object.entries(values)) this.vars.set(k, v);
  }
}

/** A list of states being run: the machine itself, a Parallel branch, or a Map iteration. */
interface Frame {
  def: Definition;
  thread: Thread;
  scope: Scope;
  lang: QueryLanguage;
  /** Where the definition sits, for messages: '' for the machine, "Parallel 'P' branch 1" ... */
  label: string;
}

/** What a state hands back: its output, the next state (undefined: the end) and variables to assign. */
interface Outcome {
  output: unknown;
  next?: string;
  assign?: Json;
  /** Which transition led to `next`, for a coverage observer: `Choices[i]`, `Default`, `Catch[j]` (else Next). */
  via?: string;
}

/** The execution ran past the machine's TimeoutSeconds on the virtual clock: not a States error, nothing catches it. */
class ExecutionTimedOut extends Error {
  constructor(readonly state: string, readonly seconds: number) {
    super(`the execution ran past its TimeoutSeconds (${seconds}) in state '${state}'`);
  }
}

const DEFAULT_MAX_STEPS = 10_000;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkDefinition(def: unknown, label: string): Definition {
  const where = label || 'the state machine';
  if (!isObject(def)) throw userError(`${where} must be an object with StartAt and States`);
  if (typeof def.StartAt !== 'string') throw userError(`${where} has no StartAt`);
  if (!isObject(def.States)) throw userError(`${where} has no States`);
  if (def.QueryLanguage !== undefined && def.QueryLanguage !== 'JSONPath' && def.QueryLanguage !== 'JSONata') {
    throw userError(`${where} has QueryLanguage ${JSON.stringify(def.QueryLanguage)}; it must be JSONPath or JSONata`);
  }
  return def as unknown as Definition;
}

export async function runLocal(definition: object, input: unknown, opts: LocalRunOptions = {}): Promise<LocalRunResult> {
  checkMockNames(opts.mocks, definition);
  checkMockNames(opts.outcomes, definition);
  const run = new LocalRun(checkDefinition(definition, ''), input, opts);
  return run.execute();
}

class LocalRun {
  private readonly recorder: Recorder;
  private readonly mocks: MockBook;
  private readonly maxSteps: number;
  private readonly executionName: string;
  private readonly machineName: string;
  private steps = 0;
  private tokens = 0;

  constructor(private readonly def: Definition, private readonly input: unknown, private readonly opts: LocalRunOptions) {
    const start = opts.context?.now?.() ?? new Date();
    this.recorder = new Recorder(start.getTime());
    this.mocks = new MockBook(opts.mocks, opts.outcomes);
    this.maxSteps = opts.maxSteps ?? DEFAULT_MAX_STEPS;
    this.machineName = opts.context?.stateMachineName ?? 'LocalStateMachine';
    this.executionName = opts.context?.executionName ?? 'local-execution';
  }

  private get arnPrefix(): string {
    return 'arn:aws:states:local:000000000000';
  }

  async execute(): Promise<LocalRunResult> {
    const thread: Thread = { clock: 0, last: 0 };
    this.recorder.emit(thread, 'ExecutionStarted', {
      executionStartedEventDetails: { input: json(this.input), inputDetails: { truncated: false }, roleArn: `arn:aws:iam::000000000000:role/${this.machineName}-local` },
    });
    const frame: Frame = { def: this.def, thread, scope: new Scope(), lang: this.def.QueryLanguage ?? 'JSONPath', label: '' };
    try {
      const output = await this.runFrame(frame, this.input);
      this.recorder.emit(thread, 'ExecutionSucceeded', { executionSucceededEventDetails: { output: json(output), outputDetails: { truncated: false } } });
      return { status: 'SUCCEEDED', output, events: this.recorder.finish() };
    } catch (err) {
      if (err instanceof ExecutionTimedOut) {
        const details = { error: 'States.Timeout', cause: err.message };
        this.recorder.emit(thread, 'ExecutionTimedOut', { executionTimedOutEventDetails: details });
        return { status: 'TIMED_OUT', ...details, events: this.recorder.finish() };
      }
      if (!(err instanceof StatesError)) throw err;
      const details: { error?: string; cause?: string } = {};
      if (err.error) details.error = err.error;
      if (err.cause) details.cause = err.cause;
      this.recorder.emit(thread, 'ExecutionFailed', { executionFailedEventDetails: details });
      return { status: 'FAILED', ...details, events: this.recorder.finish() };
    }
  }

  /** The context object (`$$`, `$states.context`) as a state sees it. */
  private context(frame: Frame, state: string, entered: Date, retryCount: number, extra: Json = {}): Json {
    const start = new Date(this.recorder.startMs).toISOString();
    return {
      Execution: {
        Id: `${this.arnPrefix}:execution:${this.machineName}:${this.executionName}`,
        Input: this.input,
        Name: this.executionName,
        RoleArn: `arn:aws:iam::000000000000:role/${this.machineName}-local`,
        StartTime: start,
        RedriveCount: 0,
      },
      StateMachine: { Id: `${this.arnPrefix}:stateMachine:${this.machineName}`, Name: this.machineName },
      State: { EnteredTime: entered.toISOString(), Name: state, RetryCount: retryCount },
      ...extra,
    };
  }

  private pathEnv(frame: Frame, input: unknown, context: unknown): PathEnv {
    return { input, context, variable: (name) => frame.scope.get(name) };
  }

  private bindings(frame: Frame, states: Json): Json {
    return { ...frame.scope.all(), states };
  }

  private async runFrame(frame: Frame, input: unknown): Promise<unknown> {
    let name: string | undefined = frame.def.StartAt;
    let current = input;
    while (name !== undefined) {
      const state = frame.def.States[name];
      if (!isObject(state)) {
        throw userError(`${frame.label || 'the state machine'} has no state named '${name}'`, { hint: `its states: ${Object.keys(frame.def.States).join(', ')}` });
      }
      if (++this.steps > this.maxSteps) {
        throw userError(`the local run stopped after ${this.maxSteps} states (at '${name}'): the definition may loop forever`, { hint: 'raise maxSteps if the loop is meant to run this long' });
      }
      const lang: QueryLanguage = (state.QueryLanguage as QueryLanguage | undefined) ?? frame.lang;
      checkFields(name, state, lang);
      const type = state.Type as string;
      this.opts.observer?.stateEntered?.(name);
      this.recorder.emit(frame.thread, `${type}StateEntered` as HistoryEventType, {
        stateEnteredEventDetails: { name, input: json(current), inputDetails: { truncated: false } },
      });
      const outcome = await this.runState(frame, name, state, lang, current);
      const exited: Json = { name, output: json(outcome.output), outputDetails: { truncated: false } };
      if (outcome.assign && Object.keys(outcome.assign).length) {
        exited.assignedVariables = Object.fromEntries(Object.entries(outcome.assign).map(([k, v]) => [k, json(v)]));
        exited.assignedVariablesDetails = { truncated: false };
        frame.scope.assign(outcome.assign);
      }
      this.recorder.emit(frame.thread, `${type}StateExited` as HistoryEventType, { stateExitedEventDetails: exited as never });
      // Wait states and retries move the virtual clock: the machine's TimeoutSeconds is checked on it.
      const limit = this.def.TimeoutSeconds;
      if (typeof limit === 'number' && frame.thread.clock > limit * 1000) throw new ExecutionTimedOut(name, limit);
      if (outcome.next !== undefined) this.opts.observer?.transition?.(name, outcome.via ?? 'Next', outcome.next);
      current = outcome.output;
      name = outcome.next;
    }
    return current;
  }

  private runState(frame: Frame, name: string, state: Json, lang: QueryLanguage, input: unknown): Promise<Outcome> {
    const entered = this.recorder.now(frame.thread);
    const ctx = this.context(frame, name, entered, 0);
    const io = lang === 'JSONata' ? new JsonataIO(this, frame, name, state, input, ctx) : new PathIO(this, frame, name, state, input, ctx);
    switch (state.Type) {
      case 'Pass':
        return this.pass(io, state);
      case 'Task':
        return this.withErrorHandling(frame, name, state, io, () => this.task(frame, name, state, io));
      case 'Choice':
        return this.choice(frame, name, state, io);
      case 'Wait':
        return this.wait(frame, name, state, io);
      case 'Succeed':
        return io.finish(io.effectiveInput(), undefined, undefined, 'input');
      case 'Fail':
        return this.fail(state, io);
      case 'Parallel':
        return this.withErrorHandling(frame, name, state, io, () => this.parallel(frame, name, state, io));
      default:
        return this.withErrorHandling(frame, name, state, io, () => this.map(frame, name, state, io));
    }
  }

  private next(state: Json): string | undefined {
    return state.End === true ? undefined : (state.Next as string);
  }

  private async pass(io: StateIO, state: Json): Promise<Outcome> {
    const effective = io.effectiveInput();
    const result = io.lang === 'JSONPath' ? ('Result' in state ? state.Result : io.parameters('Parameters', effective)) : effective;
    const outcome = await io.finish(result, undefined, undefined, 'input');
    return { ...outcome, next: this.next(state) };
  }

  private async fail(state: Json, io: StateIO): Promise<never> {
    const value = async (field: 'Error' | 'Cause'): Promise<string> => {
      let v: unknown = state[field];
      if (io.lang === 'JSONata' && isJsonataExpression(v)) v = await io.jsonata(v, field);
      else if (io.lang === 'JSONPath' && state[`${field}Path`] !== undefined) v = io.dynamic(state[`${field}Path`], `${field}Path`, io.rawInput);
      if (v === undefined) return '';
      if (typeof v !== 'string') throw runtime(`The ${field} of Fail state '${io.name}' must be a string, got ${JSON.stringify(v)}`);
      return v;
    };
    throw new StatesError(await value('Error'), await value('Cause'));
  }

  private async wait(frame: Frame, name: string, state: Json, io: StateIO): Promise<Outcome> {
    const effective = io.effectiveInput();
    let seconds: number | undefined;
    let timestamp: unknown;
    if (io.lang === 'JSONata') {
      if (state.Seconds !== undefined) seconds = (await io.jsonataValue(state.Seconds, 'Seconds')) as number;
      if (state.Timestamp !== undefined) timestamp = await io.jsonataValue(state.Timestamp, 'Timestamp');
    } else {
      if (state.Seconds !== undefined) seconds = state.Seconds as number;
      if (state.SecondsPath !== undefined) seconds = io.read(state.SecondsPath, 'SecondsPath', effective) as number;
      if (state.Timestamp !== undefined) timestamp = state.Timestamp;
      if (state.TimestampPath !== undefined) timestamp = io.read(state.TimestampPath, 'TimestampPath', effective);
    }
    let waitMs: number;
    if (seconds !== undefined) {
      if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
        throw runtime(`Wait state '${name}': the number of seconds must be a non-negative integer, got ${JSON.stringify(seconds)}`);
      }
      waitMs = seconds * 1000;
    } else if (timestamp !== undefined) {
      const t = parseTimestamp(timestamp);
      if (t === undefined) throw runtime(`Wait state '${name}': ${JSON.stringify(timestamp)} is not an RFC 3339 timestamp`);
      waitMs = Math.max(0, t - this.recorder.now(frame.thread).getTime());
    } else {
      throw userError(`Wait state '${name}' needs one of Seconds, Timestamp, SecondsPath or TimestampPath`);
    }
    frame.thread.clock += waitMs;
    const outcome = await io.finish(effective, undefined, undefined, 'input');
    return { ...outcome, next: this.next(state) };
  }

  private async choice(frame: Frame, name: string, state: Json, io: StateIO): Promise<Outcome> {
    const effective = io.effectiveInput();
    const rules = state.Choices;
    if (!Array.isArray(rules) || rules.length === 0) throw userError(`Choice state '${name}' needs a non-empty Choices list`);
    for (let i = 0; i < rules.length; i++) {
      const rule = rules[i] as Json;
      const where: Where = { state: name, field: `Choices[${i}]` };
      let matched: boolean;
      if (io.lang === 'JSONata') {
        if (rule.Condition === undefined) throw userError(`Choice rule Choices[${i}] of JSONata state '${name}' needs a Condition`);
        const v = isJsonataExpression(rule.Condition) ? await io.jsonata(rule.Condition, `Choices[${i}].Condition`) : rule.Condition;
        if (typeof v !== 'boolean') {
          throw new StatesError('States.QueryEvaluationError', `The Condition of Choices[${i}] in state '${name}' returned ${JSON.stringify(v)}, not a boolean`);
        }
        matched = v;
      } else {
        matched = evaluateRule(rule, io.pathEnv(effective), where);
      }
      if (matched) return { ...(await io.finish(effective, rule.Assign, rule.Output, 'input', `Choices[${i}]`)), next: rule.Next as string, via: `Choices[${i}]` };
    }
    if (typeof state.Default === 'string') return { ...(await io.finish(effective, undefined, undefined, 'input')), next: state.Default, via: 'Default' };
    throw new StatesError('States.NoChoiceMatched', `No Matches! (Choice state '${name}' matched none of its rules and has no Default)`);
  }

  /** Task event names and details: Lambda ARNs use LambdaFunction* events, service integrations Task*. */
  private taskKind(resource: unknown): { lambda: boolean; resourceType: string; resource: string } {
    if (typeof resource !== 'string') {
      // A definition straight from serverless.yml: `Fn::GetAtt: [fn, Arn]` names a Lambda function.
      const getAtt = isObject(resource) ? resource['Fn::GetAtt'] : undefined;
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return { lambda: true, resourceType: 'lambda', resource: getAtt[0] };
      return { lambda: false, resourceType: 'unresolved', resource: JSON.stringify(resource) };
    }
    if (/^arn:aws[\w-]*:lambda:/.test(resource)) return { lambda: true, resourceType: 'lambda', resource };
    const m = /^arn:aws[\w-]*:states:::(aws-sdk:[^:]+|[^:]+):(.+)$/.exec(resource);
    if (m) return { lambda: false, resourceType: m[1], resource: m[2] };
    return { lambda: false, resourceType: 'unknown', resource };
  }

  private async task(frame: Frame, name: string, state: Json, io: StateIO): Promise<Outcome> {
    const kind = this.taskKind(state.Resource);
    this.tokens += 1;
    io.setContextExtra({ Task: { Token: `local-task-token-${this.tokens}` } });
    const effective = io.effectiveInput();
    const params = io.lang === 'JSONata' ? await io.jsonataValue(state.Arguments, 'Arguments', effective) : io.parameters('Parameters', effective);
    const t = frame.thread;
    if (kind.lambda) {
      this.recorder.emit(t, 'LambdaFunctionScheduled', { lambdaFunctionScheduledEventDetails: { resource: kind.resource, input: json(params), inputDetails: { truncated: false } } });
      this.recorder.emit(t, 'LambdaFunctionStarted');
    } else {
      this.recorder.emit(t, 'TaskScheduled', { taskScheduledEventDetails: { resourceType: kind.resourceType, resource: kind.resource, region: 'local', parameters: json(params) } });
      this.recorder.emit(t, 'TaskStarted', { taskStartedEventDetails: { resourceType: kind.resourceType, resource: kind.resource } });
    }
    const mock = this.mocks.next(name);
    if (!mock) {
      const known = this.mocks.names();
      throw userError(`Task state '${name}' has no mock: the local run does not call ${kind.resource}`, {
        code: 'missing-mock',
        hint: `pass --mock ${name}=result.json (or an entry "${name}" in --mocks file)${known.length ? `; mocked states: ${known.join(', ')}` : ''}`,
      });
    }
    if ('error' in mock) {
      const details = { error: mock.error, cause: mock.cause ?? '' };
      if (kind.lambda) this.recorder.emit(t, 'LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: details });
      else this.recorder.emit(t, 'TaskFailed', { taskFailedEventDetails: { resourceType: kind.resourceType, resource: kind.resource, ...details } });
      throw new StatesError(mock.error, mock.cause ?? '');
    }
    const result = structuredClone(mock.result);
    if (kind.lambda) this.recorder.emit(t, 'LambdaFunctionSucceeded', { lambdaFunctionSucceededEventDetails: { output: json(result), outputDetails: { truncated: false } } });
    else {
      this.recorder.emit(t, 'TaskSucceeded', {
        taskSucceededEventDetails: { resourceType: kind.resourceType, resource: kind.resource, output: json(result), outputDetails: { truncated: false } },
      });
    }
    return { ...(await io.finish(result, undefined, undefined, 'result')), next: this.next(state) };
  }

  /** Runs sub-frames side by side on the virtual clock; the earliest failure (in virtual time) wins. */
  private async runConcurrently(
    frame: Frame,
    jobs: Array<{ def: Definition; input: unknown; label: string; onStart?: (t: Thread) => void; onEnd?: (t: Thread, err?: StatesError) => void }>,
  ): Promise<{ outputs: unknown[]; errors: Array<{ index: number; err: StatesError; clock: number }> }> {
    const start = frame.thread.clock;
    const outputs: unknown[] = [];
    const errors: Array<{ index: number; err: StatesError; clock: number }> = [];
    const threads: Thread[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const job = jobs[i];
      const thread: Thread = { clock: start, last: frame.thread.last };
      threads.push(thread);
      job.onStart?.(thread);
      const sub: Frame = { def: job.def, thread, scope: new Scope(frame.scope), lang: job.def.QueryLanguage ?? frame.lang, label: job.label };
      try {
        outputs.push(await this.runFrame(sub, job.input));
        job.onEnd?.(thread);
      } catch (err) {
        if (!(err instanceof StatesError)) throw err;
        outputs.push(undefined);
        errors.push({ index: i, err, clock: thread.clock });
        job.onEnd?.(thread, err);
      }
    }
    const latest = threads.reduce<Thread | undefined>((a, b) => (!a || b.clock >= a.clock ? b : a), undefined);
    if (latest) {
      frame.thread.clock = latest.clock;
      frame.thread.last = latest.last;
    }
    errors.sort((a, b) => a.clock - b.clock || a.index - b.index);
    return { outputs, errors };
  }

  private async parallel(frame: Frame, name: string, state: Json, io: StateIO): Promise<Outcome> {
    const branches = state.Branches;
    if (!Array.isArray(branches) || branches.length === 0) throw userError(`Parallel state '${name}' needs a non-empty Branches list`);
    const effective = io.effectiveInput();
    const branchInput = io.lang === 'JSONata' ? await io.jsonataValue(state.Arguments, 'Arguments', effective) : io.parameters('Parameters', effective);
    this.recorder.emit(frame.thread, 'ParallelStateStarted');
    const { outputs, errors } = await this.runConcurrently(
      frame,
      branches.map((b, i) => ({ def: checkDefinition(b, `Parallel state '${name}' branch ${i + 1}`), input: branchInput, label: `Parallel state '${name}' branch ${i + 1}` })),
    );
    if (errors.length) {
      this.recorder.emit(frame.thread, 'ParallelStateFailed');
      throw errors[0].err;
    }
    this.recorder.emit(frame.thread, 'ParallelStateSucceeded');
    return { ...(await io.finish(outputs, undefined, undefined, 'result')), next: this.next(state) };
  }

  private async map(frame: Frame, name: string, state: Json, io: StateIO): Promise<Outcome> {
    const processor = state.ItemProcessor ?? state.Iterator;
    const def = checkDefinition(processor, `Map state '${name}' ItemProcessor`);
    const effective = io.effectiveInput();
    let items: unknown;
    if (io.lang === 'JSONata') items = state.Items === undefined ? effective : await io.jsonataValue(state.Items, 'Items');
    else items = state.ItemsPath === undefined ? effective : state.ItemsPath === null ? {} : io.read(state.ItemsPath, 'ItemsPath', effective);
    if (!Array.isArray(items)) {
      throw runtime(`Map state '${name}': the items (${io.lang === 'JSONata' ? 'Items' : 'ItemsPath'}) must be an array, got ${JSON.stringify(items)}`);
    }
    const selector = state.ItemSelector ?? state.Parameters;
    const selectorField = state.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters';
    const inputs: unknown[] = [];
    for (let index = 0; index < items.length; index++) {
      io.setContextExtra({ Map: { Item: { Index: index, Value: items[index] } } });
      if (selector === undefined) inputs.push(items[index]);
      else inputs.push(io.lang === 'JSONata' ? await io.jsonataValue(selector, selectorField, effective) : io.parameters(selectorField, effective, selector));
    }
    io.setContextExtra({});
    this.recorder.emit(frame.thread, 'MapStateStarted', { mapStateStartedEventDetails: { length: items.length } });
    const { outputs, errors } = await this.runConcurrently(
      frame,
      inputs.map((input, index) => ({
        def,
        input,
        label: `Map state '${name}' ItemProcessor`,
        onStart: (t: Thread) => this.recorder.emit(t, 'MapIterationStarted', { mapIterationStartedEventDetails: { name, index } }),
        onEnd: (t: Thread, err?: StatesError) =>
          err
            ? this.recorder.emit(t, 'MapIterationFailed', { mapIterationFailedEventDetails: { name, index } })
            : this.recorder.emit(t, 'MapIterationSucceeded', { mapIterationSucceededEventDetails: { name, index } }),
      })),
    );
    if (errors.length) {
      const count = state.ToleratedFailureCount;
      const pct = state.ToleratedFailurePercentage;
      const tolerated =
        (count !== undefined || pct !== undefined) &&
        (count === undefined || errors.length <= (count as number)) &&
        (pct === undefined || (errors.length / items.length) * 100 <= (pct as number));
      if (!tolerated) {
        this.recorder.emit(frame.thread, 'MapStateFailed');
        if (count !== undefined || pct !== undefined) {
          throw new StatesError('States.ExceedToleratedFailureThreshold', `The number of failed items (${errors.length} of ${items.length}) exceeded the tolerated failure threshold of Map state '${name}'`);
        }
        throw errors[0].err;
      }
      for (const e of errors) outputs[e.index] = { Error: e.err.error, Cause: e.err.cause };
    }
    this.recorder.emit(frame.thread, 'MapStateSucceeded');
    return { ...(await io.finish(outputs, undefined, undefined, 'result')), next: this.next(state) };
  }

  /** Retry with virtual-time backoff, then Catch, for Task, Parallel and Map. */
  private async withErrorHandling(frame: Frame, name: string, state: Json, io: StateIO, attempt: () => Promise<Outcome>): Promise<Outcome> {
    const retriers = (Array.isArray(state.Retry) ? state.Retry : []) as Json[];
    const catchers = (Array.isArray(state.Catch) ? state.Catch : []) as Json[];
    const used = retriers.map(() => 0);
    let retries = 0;
    for (;;) {
      try {
        io.setRetryCount(retries);
        this.opts.observer?.attempt?.(name);
        return await attempt();
      } catch (err) {
        if (!(err instanceof StatesError)) throw err;
        const r = retriers.findIndex((x) => Array.isArray(x.ErrorEquals) && errorMatches(x.ErrorEquals as string[], err));
        if (r >= 0) {
          const retrier = retriers[r];
          const max = (retrier.MaxAttempts as number | undefined) ?? 3;
          if (used[r] < max) {
            const interval = (retrier.IntervalSeconds as number | undefined) ?? 1;
            const rate = (retrier.BackoffRate as number | undefined) ?? 2;
            let delay = interval * Math.pow(rate, used[r]);
            if (typeof retrier.MaxDelaySeconds === 'number') delay = Math.min(delay, retrier.MaxDelaySeconds);
            if (retrier.JitterStrategy === 'FULL') delay = Math.random() * delay;
            used[r] += 1;
            retries += 1;
            frame.thread.clock += Math.round(delay * 1000);
            continue;
          }
        }
        const j = catchers.findIndex((x) => Array.isArray(x.ErrorEquals) && errorMatches(x.ErrorEquals as string[], err));
        if (j < 0) throw err;
        const c = catchers[j];
        if (typeof c.Next !== 'string') throw userError(`a Catch of state '${name}' has no Next`);
        return { ...(await io.caught({ Error: err.error, Cause: err.cause }, c)), next: c.Next, via: `Catch[${j}]` };
      }
    }
  }

  // Accessors for the IO helpers below.
  ctxFor(frame: Frame, name: string, entered: Date, retryCount: number, extra: Json): Json {
    return this.context(frame, name, entered, retryCount, extra);
  }
  envFor(frame: Frame, input: unknown, context: unknown): PathEnv {
    return this.pathEnv(frame, input, context);
  }
  bindingsFor(frame: Frame, states: Json): Json {
    return this.bindings(frame, states);
  }
  enteredAt(frame: Frame): Date {
    return this.recorder.now(frame.thread);
  }
}

/** Input/output processing of one state visit, in its query language. */
abstract class StateIO {
  abstract readonly lang: QueryLanguage;
  protected extra: Json = {};
  protected retryCount = 0;
  private readonly entered: Date;

  constructor(
    protected readonly run: LocalRun,
    protected readonly frame: Frame,
    readonly name: string,
    protected readonly state: Json,
    readonly rawInput: unknown,
    context: Json,
  ) {
    this.entered = new Date((context.State as { EnteredTime: string }).EnteredTime);
  }

  setContextExtra(extra: Json): void {
    this.extra = extra;
  }
  setRetryCount(n: number): void {
    this.retryCount = n;
  }
  get context(): Json {
    return this.run.ctxFor(this.frame, this.name, this.entered, this.retryCount, this.extra);
  }
  pathEnv(input: unknown): PathEnv {
    return this.run.envFor(this.frame, input, this.context);
  }

  abstract effectiveInput(): unknown;
  /** The state's output and variables from its result (`'result'`) or, for Pass/Choice/Wait/Succeed, its input. */
  abstract finish(value: unknown, assign: unknown, output: unknown, kind: 'result' | 'input', ruleField?: string): Promise<Outcome>;
  abstract caught(errorOutput: { Error: string; Cause: string }, catcher: Json): Promise<Outcome>;

  parameters(field: string, effective: unknown, template: unknown = this.state[field]): unknown {
    return template === undefined ? effective : buildPayload(template, this.pathEnv(effective), { state: this.name, field });
  }
  read(path: unknown, field: string, input: unknown): unknown {
    const where = { state: this.name, field };
    return readPath(compilePath(path, where), this.pathEnv(input), where);
  }
  dynamic(text: unknown, field: string, input: unknown): unknown {
    return evaluateDynamic(text, this.pathEnv(input), { state: this.name, field });
  }
  jsonata(text: string, field: string, extra: Json = {}): Promise<unknown> {
    return evaluateJsonata(text, this.run.bindingsFor(this.frame, { input: this.rawInput, context: this.context, ...extra }), { state: this.name, field });
  }
  /** A JSONata field's value: `{% %}` strings evaluated anywhere inside; undefined means the default. */
  async jsonataValue(value: unknown, field: string, dflt?: unknown, extra: Json = {}): Promise<unknown> {
    if (value === undefined) return dflt;
    return resolveJsonata(value, this.run.bindingsFor(this.frame, { input: this.rawInput, context: this.context, ...extra }), { state: this.name, field });
  }
}

class PathIO extends StateIO {
  readonly lang = 'JSONPath' as const;

  effectiveInput(): unknown {
    if (!('InputPath' in this.state)) return this.rawInput;
    if (this.state.InputPath === null) return {};
    return this.read(this.state.InputPath, 'InputPath', this.rawInput);
  }

  private resultPath(value: unknown, resultPath: unknown, field: string): unknown {
    if (resultPath === null) return this.rawInput;
    if (resultPath === undefined) return value;
    const path = compilePath(resultPath, { state: this.name, field }, true);
    if (path.root.kind !== 'input') throw userError(`${field} of state '${this.name}' must start with $. (not $$ or a variable): '${path.text}'`);
    return setAtPath(this.rawInput, path, value);
  }

  private outputPath(value: unknown): unknown {
    if (!('OutputPath' in this.state)) return value;
    if (this.state.OutputPath === null) return {};
    return this.read(this.state.OutputPath, 'OutputPath', value);
  }

  private assign(template: unknown, input: unknown, field: string): Json | undefined {
    if (template === undefined) return undefined;
    if (!isObject(template)) throw userError(`${field} of state '${this.name}' must be an object`);
    return buildPayload(template, this.pathEnv(input), { state: this.name, field }) as Json;
  }

  async finish(value: unknown, assign: unknown, _output: unknown, kind: 'result' | 'input', ruleField?: string): Promise<Outcome> {
    if (kind === 'input') {
      // Pass (its result), Choice, Wait, Succeed: no ResultSelector.
      const vars = this.assign(ruleField ? assign : this.state.Assign, value, ruleField ? `${ruleField}.Assign` : 'Assign');
      const type = this.state.Type;
      const combined = type === 'Pass' ? this.resultPath(value, this.state.ResultPath, 'ResultPath') : value;
      return { output: this.outputPath(combined), assign: vars };
    }
    const selected = this.state.ResultSelector === undefined ? value : buildPayload(this.state.ResultSelector, this.pathEnv(value), { state: this.name, field: 'ResultSelector' });
    const vars = this.assign(this.state.Assign, selected, 'Assign');
    return { output: this.outputPath(this.resultPath(selected, this.state.ResultPath, 'ResultPath')), assign: vars };
  }

  async caught(errorOutput: { Error: string; Cause: string }, catcher: Json): Promise<Outcome> {
    const vars = this.assign(catcher.Assign, errorOutput, 'Catch.Assign');
    return { output: this.resultPath(errorOutput, catcher.ResultPath, 'Catch.ResultPath'), assign: vars };
  }
}

class JsonataIO extends StateIO {
  readonly lang = 'JSONata' as const;

  effectiveInput(): unknown {
    return this.rawInput;
  }

  private async assign(template: unknown, extra: Json, field: string): Promise<Json | undefined> {
    if (template === undefined) return undefined;
    if (!isObject(template)) throw userError(`${field} of state '${this.name}' must be an object`);
    return (await this.jsonataValue(template, field, undefined, extra)) as Json;
  }

  async finish(value: unknown, assign: unknown, output: unknown, kind: 'result' | 'input', ruleField?: string): Promise<Outcome> {
    const extra: Json = kind === 'result' ? { result: value } : {};
    // A matched Choice rule brings its own Assign and Output; the state's apply to its Default.
    const assignTemplate = ruleField ? assign : this.state.Assign;
    const outputTemplate = ruleField ? output : this.state.Output;
    const vars = await this.assign(assignTemplate, extra, ruleField ? `${ruleField}.Assign` : 'Assign');
    const out = outputTemplate === undefined ? value : await this.jsonataValue(outputTemplate, ruleField ? `${ruleField}.Output` : 'Output', undefined, extra);
    return { output: out, assign: vars };
  }

  async caught(errorOutput: { Error: string; Cause: string }, catcher: Json): Promise<Outcome> {
    const extra = { errorOutput };
    const vars = await this.assign(catcher.Assign, extra, 'Catch.Assign');
    const out = catcher.Output === undefined ? errorOutput : await this.jsonataValue(catcher.Output, 'Catch.Output', undefined, extra);
    return { output: out, assign: vars };
  }
}
