// stepf graph --last / --execution against moto: the deployed definition drawn, the path of a real
// (emulated) execution coloured from GetExecutionHistory.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useEmulator } from '../support/emulator.js';

const emu = useEmulator();
let dir: string;
let machineArn: string;

const SERVERLESS = `
service: gr
provider:
  name: aws
  region: us-east-1
custom:
  stepf:
    stackName: graph-test
stepFunctions:
  stateMachines:
    flow:
      name: graph-flow
      definition:
        StartAt: Route
        States:
          Route:
            Type: Choice
            Choices:
              - Variable: $.fail
                BooleanEquals: true
                Next: Boom
            Default: Both
          Both:
            Type: Parallel
            Branches:
              - StartAt: Left
                States:
                  Left:
                    Type: Pass
                    End: true
              - StartAt: Right
                States:
                  Right:
                    Type: Pass
                    End: true
            Next: Finish
          Finish:
            Type: Succeed
          Boom:
            Type: Fail
            Error: Asked
            Cause: the input asked to fail
`;

function stepf(args: string[], cwd = dir) {
  return emu.stepf(cwd, args);
}

const nodeClass = (dot: string, name: string) => new RegExp(`^\\s*"${name}" \\[[^\\n]*class="([^"]+)"`, 'm').exec(dot)?.[1];
const takenEdges = (dot: string) => [...dot.matchAll(/^\s*"([^"]+)" -> "([^"]+)" \[[^\n]*class="taken( failure)?"/gm)].map((m) => `${m[1]}->${m[2]}${m[3] ? ' (failure)' : ''}`);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stepf-graph-'));
  writeFileSync(join(dir, 'serverless.yml'), SERVERLESS);
  const deployed = await stepf(['deploy', '--yes', '--json']);
  expect(deployed.code, deployed.stderr).toBe(0);
  machineArn = (JSON.parse(deployed.stdout) as { machines: Array<{ arn: string }> }).machines[0].arn;
}, 90_000);

describe('stepf graph against moto', () => {
  it('--last with no execution yet is a user error that says how to start one', async () => {
    const r = await stepf(['graph', 'flow', '--last', '--format', 'dot']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('flow has no executions yet');
    expect(r.stderr).toContain('stepf invoke flow');
  });

  it('--last colours the newest execution: the Parallel and both branches green, Boom not reached', async () => {
    const ok = await stepf(['invoke', 'flow', '--data', '{}', '--name', 'ok-run']);
    expect(ok.code, ok.stderr).toBe(0);
    const r = await stepf(['graph', 'flow', '--last', '--format', 'dot']);
    expect(r.code, r.stderr).toBe(0);
    for (const s of ['Route', 'Both', 'Left', 'Right', 'Finish']) expect(nodeClass(r.stdout, s), s).toBe('status-succeeded');
    expect(nodeClass(r.stdout, 'Boom')).toBe('status-not-reached');
    expect(takenEdges(r.stdout).sort()).toEqual(
      ['__start__->Route', 'Route->Both', 'Both->Left', 'Both->Right', 'Left->Both (end)', 'Right->Both (end)', 'Both (end)->Finish', 'Finish->__end__'].sort(),
    );
    expect(r.stderr).toBe('flow: execution ok-run SUCCEEDED, 5 of 6 states reached\n');
  });

  it('--execution ARN alone (no serverless.yml) draws the deployed definition with a failed run: Boom red', async () => {
    const bad = await stepf(['invoke', 'flow', '--data', '{"fail":true}', '--name', 'bad-run']);
    expect(bad.code).toBe(4);
    const executionArn = `${machineArn.replace(':stateMachine:', ':execution:')}:bad-run`;
    const empty = mkdtempSync(join(tmpdir(), 'stepf-graph-noconfig-'));
    const r = await stepf(['graph', '--execution', executionArn, '--out', 'bad.svg'], empty);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('wrote bad.svg (svg, 6 states); graph-flow: execution bad-run FAILED, 2 of 6 states reached\n');
    const dot = await stepf(['graph', '--execution', executionArn, '--format', 'dot'], empty);
    expect(nodeClass(dot.stdout, 'Boom')).toBe('status-failed');
    expect(nodeClass(dot.stdout, 'Route')).toBe('status-succeeded');
    expect(nodeClass(dot.stdout, 'Both')).toBe('status-not-reached');
    expect(takenEdges(dot.stdout)).toEqual(['__start__->Route', 'Route->Boom', 'Boom->__end__ (failure)']);
  });

  it('--arn draws the deployed definition without an execution', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'stepf-graph-arn-'));
    const r = await stepf(['graph', '--arn', machineArn, '--format', 'mermaid'], empty);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('subgraph cluster_1["Parallel: Both"]');
    expect(r.stdout).not.toContain('status_');
  });
});
