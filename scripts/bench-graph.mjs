// `node scripts/bench-graph.mjs`: how long `stepf graph` takes on machines of hundreds of states (whole
// process, medians): a 300-state chain from gen-large.mjs, and a 300-state machine with Choices,
// Catches, Parallel branches and Maps. Run `npm run build` first. The target: under a second for SVG.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLarge } from './gen-large.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stepf = join(root, 'bin', 'stepf');
const runs = Number(process.env.BENCH_RUNS ?? 7);

/** A machine of `blocks` blocks of 10 states: a Choice, Tasks with Retry and Catch, a Parallel of 2 branches, a Map. */
export function branchingDefinition(blocks) {
  const States = {};
  const name = (b, s) => `B${b}_${s}`;
  for (let b = 0; b < blocks; b++) {
    const next = b + 1 < blocks ? name(b + 1, 'route') : 'Done';
    States[name(b, 'route')] = {
      Type: 'Choice',
      Choices: [
        { Variable: `$.step${b}`, NumericGreaterThan: 10, Next: name(b, 'big') },
        { And: [{ Variable: '$.kind', StringEquals: 'fast' }, { Variable: '$.ok', BooleanEquals: true }], Next: name(b, 'fan') },
      ],
      Default: name(b, 'small'),
    };
    const task = (n) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: `worker-${b}`, 'Payload.$': '$' },
      Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: name(b, 'recover') }],
      Next: n,
    });
    States[name(b, 'big')] = task(name(b, 'fan'));
    States[name(b, 'small')] = task(name(b, 'wait'));
    States[name(b, 'wait')] = { Type: 'Wait', Seconds: 1, Next: name(b, 'fan') };
    States[name(b, 'fan')] = {
      Type: 'Parallel',
      Branches: [
        { StartAt: name(b, 'left'), States: { [name(b, 'left')]: { Type: 'Pass', End: true } } },
        { StartAt: name(b, 'right'), States: { [name(b, 'right')]: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: 'q', 'MessageBody.$': '$' }, End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: name(b, 'recover') }],
      Next: name(b, 'each'),
    };
    States[name(b, 'each')] = { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: name(b, 'item'), States: { [name(b, 'item')]: { Type: 'Pass', End: true } } }, Next: next };
    States[name(b, 'recover')] = { Type: 'Pass', Next: next };
  }
  States.Done = { Type: 'Succeed' };
  return { StartAt: name(0, 'route'), States };
}

function time(args, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [stepf, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`stepf ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bench = (args, cwd) => {
  time(args, cwd);
  return median(Array.from({ length: runs }, () => time(args, cwd)));
};

function main() {
const chain = generateLarge(mkdtempSync(join(tmpdir(), 'stepf-graph-chain-')), 1, 300);
const branching = mkdtempSync(join(tmpdir(), 'stepf-graph-branching-'));
mkdirSync(branching, { recursive: true });
const def = branchingDefinition(30);
writeFileSync(
  join(branching, 'serverless.yml'),
  `service: graph-bench\nprovider:\n  name: aws\n  region: us-east-1\nstepFunctions:\n  stateMachines:\n    machine0:\n      definition: ${JSON.stringify(def)}\n`,
);
const count = (d) => Object.values(d.States).reduce((n, s) => n + 1 + (s.Branches ?? []).reduce((m, b) => m + count(b), 0) + (s.ItemProcessor ? count(s.ItemProcessor) : 0), 0);

console.log(`stepf graph bench: median of ${runs} whole-process runs (node ${process.version})`);
const baseline = bench(['--version'], root);
console.log(`  stepf --version (start-up)                     ${baseline.toFixed(0)} ms`);
for (const [label, dir, states] of [['chain (gen-large 1 x 300)', chain, 300], [`branching (${count(def)} states)`, branching, count(def)]]) {
  const pkg = bench(['validate', '--stage', 'dev'], dir);
  const dot = bench(['graph', 'machine0', '--format', 'dot', '--out', 'm.dot'], dir);
  const mermaid = bench(['graph', 'machine0', '--format', 'mermaid', '--out', 'm.mmd'], dir);
  const svg = bench(['graph', 'machine0', '--out', 'm.svg'], dir);
  const kb = (statSync(join(dir, 'm.svg')).size / 1024).toFixed(0);
  const edges = (readFileSync(join(dir, 'm.dot'), 'utf8').match(/ -> /g) ?? []).length;
  console.log(`  ${label.padEnd(30)} ${states} states, ${edges} edges`);
  console.log(`    stepf validate (read + check, for scale)     ${pkg.toFixed(0)} ms`);
  console.log(`    stepf graph --format dot                     ${dot.toFixed(0)} ms`);
  console.log(`    stepf graph --format mermaid                 ${mermaid.toFixed(0)} ms`);
  console.log(`    stepf graph (svg, ${kb} KB)`.padEnd(49) + `${svg.toFixed(0)} ms  ${svg < 1000 ? 'ok' : 'OVER'} (target < 1000 ms; layout = svg - dot: ${(svg - dot).toFixed(0)} ms)`);
}
}

if (process.argv[1] && process.argv[1].endsWith('bench-graph.mjs')) main();
