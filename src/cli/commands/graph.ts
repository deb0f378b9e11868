// `stepf graph`: draws a machine's definition (from serverless.yml, or the deployed one with --arn) as
// SVG, Mermaid or dot; `--execution`/`--last` (a deployed run) or `--local` (a run here) colour its path.
import { basename, extname, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ExitCode, UsageError, userError } from '../../errors.js';
import type { GraphModel } from '../../graph/model.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { configInput, withConfigOptions, type TargetFlags } from '../options.js';
import { plural } from '../../util/plural.js';

export interface GraphFlags extends TargetFlags {
  format?: 'svg' | 'mermaid' | 'dot';
  out?: string;
  execution?: string;
  last?: boolean;
  local?: boolean;
  input?: string;
  data?: string;
  mock?: string[];
  mocks?: string;
  coverage?: boolean;
  tests?: string;
}

export type GraphFormat = 'svg' | 'mermaid' | 'dot';

const EXTENSIONS: Record<string, GraphFormat> = { '.svg': 'svg', '.mmd': 'mermaid', '.mermaid': 'mermaid', '.md': 'mermaid', '.dot': 'dot', '.gv': 'dot' };

/** --format, else what --out's extension says, else svg. */
export function formatOf(flags: Pick<GraphFlags, 'format' | 'out'>): GraphFormat {
  if (flags.format) return flags.format;
  if (!flags.out || flags.out === '-') return 'svg';
  const format = EXTENSIONS[extname(flags.out).toLowerCase()];
  if (!format) throw new UsageError(`cannot tell the format from --out ${flags.out}`, 'pass --format svg, mermaid or dot, or end the file name in .svg, .mmd, .md or .dot');
  return format;
}

/**
 * Where the drawing goes: a file, or undefined for stdout. SVG typed at a terminal goes to
 * `<machine>.svg` (XML is no use on a screen); redirected, it goes to stdout like the text formats.
 */
export function destinationOf(format: GraphFormat, out: string | undefined, label: string, stdoutIsTty: boolean): string | undefined {
  if (out !== undefined) return out === '-' ? undefined : out;
  if (format === 'svg' && stdoutIsTty) return `${label.replace(/[^\w.-]+/g, '-')}.svg`;
  return undefined;
}

interface Drawn {
  model: GraphModel;
  /** "execution x FAILED" when an execution is overlaid. */
  run?: { caption: string; reached: number };
}

function checkFlags(flags: GraphFlags): void {
  if (flags.execution && flags.last) throw new UsageError('--execution and --last both given', 'pass one of them');
  if (flags.local && (flags.execution || flags.last || flags.arn)) {
    throw new UsageError('--local runs the definition from serverless.yml; it cannot take --execution, --last or --arn', 'drop --local to draw a deployed execution');
  }
  if (flags.coverage && (flags.local || flags.execution || flags.last || flags.arn)) {
    throw new UsageError('--coverage runs the machine\'s test cases; it cannot take --local, --execution, --last or --arn', 'pass one way of colouring the drawing');
  }
  if (flags.tests !== undefined && !flags.coverage) throw new UsageError('--tests only applies with --coverage');
  const localOnly = [flags.input !== undefined && '--input', flags.data !== undefined && '--data', flags.mock?.length && '--mock', flags.mocks !== undefined && '--mocks'].filter(Boolean);
  if (!flags.local && localOnly.length) throw new UsageError(`${localOnly.join(', ')} only apply with --local`, 'add --local to run the machine here and draw its path');
}

async function overlaid(model: GraphModel, events: HistoryEvent[], caption: string): Promise<Drawn> {
  const { executionPath, overlayPath } = await import('../../graph/overlay.js');
  const path = executionPath(events);
  return { model: overlayPath(model, path, caption), run: { caption, reached: path.states.size } };
}

/** The definition from serverless.yml, optionally run locally. No AWS. */
async function fromConfig(machine: string | undefined, flags: GraphFlags): Promise<Drawn> {
  const [{ packageService }, { pickMachine }, { buildGraph }] = await Promise.all([import('../../pipeline.js'), import('../target.js'), import('../../graph/build.js')]);
  // Read the input first, so a typo in it costs nothing.
  const input = flags.local ? await (await import('../execution-input.js')).readExecutionInput(flags) : undefined;
  const pkg = await packageService({ ...configInput(flags), stackName: flags.stackName });
  const summary = pickMachine(pkg.machines, machine, pkg.configFile);
  if (!summary.definition) throw new UsageError(`state machine ${summary.key} has no definition to draw`);
  const model = buildGraph(summary.definition, summary.key);
  if (flags.coverage) return covered(model, pkg, summary.key, flags.tests);
  if (!input) return { model };
  const local = await import('../../local/index.js');
  const mocks = await local.loadMocks({ mock: flags.mock, mocks: flags.mocks });
  const name = `local-${Date.now()}`;
  const run = await local.runLocal(summary.definition, input.value, { mocks, context: { executionName: name, stateMachineName: summary.name ?? summary.key } });
  return overlaid(model, run.events, `${summary.key}: local run ${run.status}${run.error ? ` (${run.error})` : ''}`);
}

/** The machine's test cases run here (as `stepf test <machine>` runs them), their coverage drawn. */
async function covered(model: GraphModel, pkg: import('../../pipeline.js').PackageResult, key: string, testsDir: string | undefined): Promise<Drawn> {
  const [{ collectCases, machinesUnderTest }, { runSuite }, { coverageOf, percent }, { overlayCoverage }, { formatPercent }] = await Promise.all([
    import('../../testing/discover.js'),
    import('../../testing/suite.js'),
    import('../../testing/coverage.js'),
    import('../../graph/coverage.js'),
    import('../../report/test-results.js'),
  ]);
  const machines = machinesUnderTest(pkg.machines);
  const { cases } = await collectCases(machines, { configFile: pkg.configFile, testsDir: testsDir ?? pkg.testsDir, machine: key });
  const results = await runSuite(cases, machines, { caseTimeoutMs: 10_000, workers: 1 });
  const [c] = coverageOf(machines.filter((m) => m.key === key), results);
  const failed = results.filter((r) => !r.passed).length;
  const caption = `${key}: coverage of ${cases.length} test case${cases.length === 1 ? '' : 's'}${failed ? ` (${failed} failed)` : ''}: ${c.states.taken.size}/${c.states.total.length} states, ${c.transitions.taken.size}/${c.transitions.total.length} transitions, ${formatPercent(percent(c))}`;
  return { model: overlayCoverage(model, { states: c.states.taken, transitions: c.transitions.taken }, caption), run: { caption, reached: c.states.taken.size } };
}

/** The deployed definition, and with --execution/--last the execution's history. */
async function fromAws(machine: string | undefined, flags: GraphFlags): Promise<Drawn> {
  const [ex, { buildGraph }, { awsClientsFor, resolveTarget }] = await Promise.all([import('../../aws/executions.js'), import('../../graph/build.js'), import('../target.js')]);
  let scope: { aws: import('../../aws/clients.js').AwsClients; arn: string; label: string; key?: string };
  if (flags.execution && !machine && !flags.arn) {
    const region = ex.regionOfArn(flags.execution) ?? flags.region ?? process.env.AWS_REGION ?? 'us-east-1';
    const arn = ex.machineArnOfExecution(flags.execution);
    scope = { aws: await awsClientsFor(region, flags.profile, flags.verbose), arn, label: arn.split(':').pop() ?? arn };
  } else {
    scope = await resolveTarget(flags, machine);
  }
  try {
    const described = await ex.describeStateMachine(scope.aws, scope.arn);
    let definition: unknown;
    try {
      definition = JSON.parse(described.definition ?? '');
    } catch {
      throw userError(`the deployed definition of ${scope.label} is not JSON`, { code: 'bad-deployed-definition' });
    }
    const model = buildGraph(definition, scope.label);
    if (!flags.execution && !flags.last) return { model };
    if (described.type === 'EXPRESS') {
      throw userError(`${scope.label} is an EXPRESS machine: its executions keep no history to draw`, {
        code: 'express-no-history',
        hint: `run it here with \`stepf graph ${scope.key ?? '<machine>'} --local --input file.json\`, or read its CloudWatch Logs with \`stepf logs\``,
      });
    }
    const executionArn = flags.execution ?? (await ex.lastExecution(scope.aws, scope.arn))?.executionArn;
    if (!executionArn) {
      throw userError(`${scope.label} has no executions yet`, { code: 'no-executions', hint: `start one with \`stepf invoke ${scope.key ?? `--arn ${scope.arn}`}\`, or draw a local run with --local` });
    }
    const [d, events] = await Promise.all([ex.describeExecution(scope.aws, executionArn), ex.executionHistory(scope.aws, executionArn)]);
    return overlaid(model, events, `${scope.label}: execution ${d.name ?? executionArn.split(':').pop()} ${d.status ?? ''}`.trim());
  } finally {
    createOutput(flags).debug(scope.aws.summary());
  }
}

export async function runGraph(machine: string | undefined, flags: GraphFlags): Promise<number> {
  const out = createOutput(flags);
  checkFlags(flags);
  const format = formatOf(flags);
  const remote = Boolean(flags.execution || flags.last || flags.arn || machine?.startsWith('arn:'));
  const drawn = remote ? await fromAws(machine, flags) : await fromConfig(machine, flags);
  const { model } = drawn;
  const { toDot } = await import('../../graph/dot.js');
  let text: string;
  if (format === 'mermaid') {
    const { toMermaid } = await import('../../graph/mermaid.js');
    text = toMermaid(model);
    if (flags.out && extname(flags.out).toLowerCase() === '.md') text = `\`\`\`mermaid\n${text}\`\`\`\n`;
  } else if (format === 'dot') {
    text = toDot(model);
  } else {
    const { renderSvg } = await import('../../graph/svg.js');
    text = await renderSvg(toDot(model));
  }
  const file = destinationOf(format, flags.out, model.title, Boolean(process.stdout.isTTY));
  const states = model.nodes.filter((n) => n.kind !== 'start' && n.kind !== 'end' && n.kind !== 'join').length;
  const run = drawn.run ? `; ${drawn.run.caption}, ${drawn.run.reached} of ${plural(states, 'state')} reached` : '';
  if (file === undefined) {
    out.result(text);
    if (run) out.note(run.slice(2));
    return ExitCode.ok;
  }
  const { writeAtomic } = await import('../../util/write-atomic.js');
  const path = resolve(process.cwd(), file);
  writeAtomic(path, text);
  const shown = relative(process.cwd(), path);
  out.note(`wrote ${shown.startsWith('..') ? path : shown || basename(path)} (${format}, ${plural(states, 'state')})${run}`);
  return ExitCode.ok;
}

export function registerGraph(program: Command): void {
  withConfigOptions(
    program
      .command('graph')
      .argument('[machine]', 'the state machine\'s key under stepFunctions.stateMachines (optional when there is one)')
      .description('draw a state machine as SVG, Mermaid or dot; with --execution, --last or --local, the path an execution took'),
  )
    .addOption(new Option('-f, --format <format>', 'svg, mermaid or dot (default: from --out\'s extension, else svg)').choices(['svg', 'mermaid', 'dot']))
    .option('-o, --out <file>', 'write here (- for stdout); default: <machine>.svg for svg, stdout for mermaid and dot')
    .option('--arn <arn>', 'draw a deployed state machine by ARN (its deployed definition; no serverless.yml needed)')
    .option('-e, --execution <arn>', 'colour the path this execution took (uses the deployed definition)')
    .option('--last', 'colour the path of the deployed machine\'s newest execution')
    .option('--local', 'run the definition locally (as `stepf invoke --local`) and colour the path it took')
    .option('-i, --input <file>', 'with --local: execution input, a JSON file or - for stdin (default {})')
    .option('-d, --data <json>', 'with --local: execution input as JSON text')
    .addOption(new Option('--mock <state=file...>', 'with --local: the result of Task state <state> from a JSON/YAML file; repeatable'))
    .option('--mocks <file>', 'with --local: a JSON/YAML file of mocks by state name')
    .option('--coverage', 'run the machine\'s `stepf test` cases here and draw what they reach; untaken states and transitions stay grey')
    .option('--tests <dir>', 'with --coverage: the folder of test files (default: custom.stepf.tests, else tests/stepf)')
    .option('--profile <name>', 'AWS profile, for --arn, --execution and --last')
    .option('--stack-name <name>', 'stack name, for --last (default: custom.stepf.stackName, else <service>-<stage>-stepf)')
    .action(action(runGraph));
}
