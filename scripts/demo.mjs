// `npm run demo`: start the local AWS emulator, deploy fixtures/demo with stepf, run the order workflow
// on sample input, show its output and timeline, stop the emulator. Exit 0 when the order completes.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startEmulator } from './emulator.mjs';

const demoDir = join(repoRoot, 'fixtures', 'demo');
const stepf = (args, env) => {
  process.stdout.write(`\n$ stepf ${args.join(' ')}\n`);
  return spawnSync(process.execPath, [join(repoRoot, 'bin', 'stepf'), ...args], { cwd: demoDir, env, stdio: 'inherit' }).status;
};

const venv = spawnSync('bash', [join(repoRoot, 'scripts', 'venv.sh')], { stdio: 'inherit' });
if (venv.status !== 0) process.exit(venv.status ?? 1);
const emu = await startEmulator();
process.stdout.write(`local AWS emulator (moto) on ${emu.endpoint}\n`);
const env = { ...process.env, ...emu.env, CI: process.env.CI ?? '' };
let code = 1;
try {
  code = stepf(['deploy', '--stage', 'demo', '--yes'], env);
  if (code === 0) code = await run(env);
} finally {
  await emu.stop();
}
process.exit(code);

async function run(env) {
  Object.assign(process.env, emu.env);
  const { SFNClient, StartExecutionCommand, DescribeExecutionCommand, GetExecutionHistoryCommand } = await import('@aws-sdk/client-sfn');
  const { CloudFormationClient, DescribeStackResourcesCommand } = await import('@aws-sdk/client-cloudformation');
  const cfn = new CloudFormationClient({});
  const res = (await cfn.send(new DescribeStackResourcesCommand({ StackName: 'stepf-demo-demo-stepf' }))).StackResources ?? [];
  const arn = res.find((r) => r.ResourceType === 'AWS::StepFunctions::StateMachine')?.PhysicalResourceId;
  const sfn = new SFNClient({});
  const input = readFileSync(join(demoDir, 'input.json'), 'utf8');
  process.stdout.write(`\nstarting an execution of ${arn} with fixtures/demo/input.json\n`);
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input, name: `demo-${Date.now()}` }));
  let d;
  for (let wait = 200; ; wait = Math.min(wait * 1.5, 2000)) {
    d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'RUNNING') break;
    await new Promise((r) => setTimeout(r, wait));
  }
  const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events ?? [];
  const t0 = events[0]?.timestamp?.getTime() ?? 0;
  process.stdout.write('\ntimeline:\n');
  for (const e of events) {
    const name = e.stateEnteredEventDetails?.name ?? e.stateExitedEventDetails?.name ?? '';
    process.stdout.write(`  +${(((e.timestamp?.getTime() ?? t0) - t0) / 1000).toFixed(3)}s  ${e.type}${name ? `  ${name}` : ''}\n`);
  }
  process.stdout.write(`\nstatus: ${d.status}\noutput: ${JSON.stringify(JSON.parse(d.output ?? 'null'), null, 2)}\n`);
  return d.status === 'SUCCEEDED' ? 0 : 4;
}
