import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatChangeTable, formatStackEvent } from '../../src/report/stack-events.js';
import { createProgress } from '../../src/report/progress.js';
import { deployText } from '../../src/report/deploy-summary.js';
import { parseDuration } from '../../src/cli/options.js';

function sink(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      (w as unknown as { text: string }).text += chunk.toString();
      cb();
    },
  }) as unknown as NodeJS.WriteStream & { text: string };
  w.text = '';
  (w as { isTTY?: boolean }).isTTY = isTTY;
  // what ora needs from a terminal stream
  Object.assign(w, { cursorTo: () => true, moveCursor: () => true, clearLine: () => true, columns: 100 });
  return w;
}

describe('deploy progress and summaries', () => {
  it('a stack event is one line: time, status, logical ID, type, reason', () => {
    const line = formatStackEvent({ eventId: '1', time: new Date('2026-01-01T12:03:04Z'), status: 'CREATE_FAILED', logicalId: 'Orders', type: 'AWS::StepFunctions::StateMachine', reason: 'bad definition' });
    expect(line).toMatch(/^12:03:04 {2}CREATE_FAILED\s+Orders\s+AWS::StepFunctions::StateMachine {2}bad definition$/);
  });

  it('the change set table has action, logical ID, type and replacement columns', () => {
    const t = formatChangeTable([
      { action: 'Add', logicalId: 'Orders', type: 'AWS::StepFunctions::StateMachine', replacement: '' },
      { action: 'Modify', logicalId: 'OrdersRole', type: 'AWS::IAM::Role', replacement: 'True' },
    ]);
    expect(t.split('\n')).toEqual([
      '  Action  Logical ID  Type                              Replacement',
      '  Add     Orders      AWS::StepFunctions::StateMachine  -',
      '  Modify  OrdersRole  AWS::IAM::Role                    True',
    ]);
  });

  it('without a terminal (or in CI) progress is plain lines with no colour and no spinner', async () => {
    const out = sink(false);
    const p = await createProgress({ stream: out, env: {} });
    p.phase('creating a change set');
    p.phase('creating a change set');
    p.stackEvent({ eventId: '1', time: new Date('2026-01-01T00:00:00Z'), status: 'CREATE_COMPLETE', logicalId: 'S', type: 'AWS::CloudFormation::Stack' });
    p.stop();
    expect(out.text).toBe('stepf: creating a change set\n00:00:00  CREATE_COMPLETE                 S                             AWS::CloudFormation::Stack\n');
    expect(out.text).not.toMatch(/\u001b\[/);
    const ci = sink(true);
    const q = await createProgress({ stream: ci, env: { CI: 'true' } });
    q.note('hello');
    q.stop();
    expect(ci.text).toBe('stepf: hello\n');
  });

  it('in a terminal a spinner shows the phase and the elapsed time, in colour', async () => {
    const out = sink(true);
    const p = await createProgress({ stream: out, env: { FORCE_COLOR: '1' } });
    p.phase('executing the change set (CREATE)');
    p.stackEvent({ eventId: '1', time: new Date('2026-01-01T00:00:00Z'), status: 'CREATE_COMPLETE', logicalId: 'S', type: 'AWS::CloudFormation::Stack' });
    p.stop();
    expect(out.text).toMatch(/executing the change set \(CREATE\).*\(0s\)/);
    expect(out.text).toContain('\u001b[32mCREATE_COMPLETE');
  });

  it('an up-to-date deploy says so', () => {
    const text = deployText({ result: 'up-to-date', stackName: 's', region: 'us-east-1', stage: 'dev', machines: [], endpoints: [], outputs: {}, changes: [], elapsedMs: 1200, awsCalls: 3 });
    expect(text).toMatch(/stack s is up to date \(no changes\)/);
    expect(text).toMatch(/done in 1\.2s/);
  });

  it('--wait-timeout takes 30m, 90s, 1h or bare minutes', () => {
    expect(parseDuration('30m', 0)).toBe(1_800_000);
    expect(parseDuration('90s', 0)).toBe(90_000);
    expect(parseDuration('1h', 0)).toBe(3_600_000);
    expect(parseDuration('5', 0)).toBe(300_000);
    expect(parseDuration(undefined, 42)).toBe(42);
    expect(() => parseDuration('soon', 0)).toThrow(/not a duration/);
  });
});
