import { describe, expect, it } from 'vitest';
import { formatChangeTable, formatStackEvent } from '../../src/report/stack-events.js';
import { wrapText } from '../../src/report/wrap.js';
import { formatDiagnostic } from '../../src/report/diagnostics.js';

const event = {
  eventId: '1',
  time: new Date('2026-01-01T12:03:04Z'),
  status: 'UPDATE_ROLLBACK_IN_PROGRESS',
  logicalId: 'Hellostepfunc1StepFunctionsStateMachine',
  type: 'AWS::StepFunctions::StateMachine',
  reason: 'Resource handler returned message: "Invalid State Machine Definition: SCHEMA_VALIDATION_FAILED at /States/A"',
};
const words = (t: string) => t.split(/\s+/).filter(Boolean);

describe('output fits the terminal width', () => {
  it('a stack event wider than 80 columns moves its type and reason to indented lines, each within 80, every word kept', () => {
    const text = formatStackEvent(event, undefined, 80);
    const lines = text.split('\n');
    expect(lines[0]).toBe('12:03:04  UPDATE_ROLLBACK_IN_PROGRESS  Hellostepfunc1StepFunctionsStateMachine');
    expect(lines[1]).toBe('          AWS::StepFunctions::StateMachine');
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(words(text)).toEqual(words(`12:03:04 ${event.status} ${event.logicalId} ${event.type} ${event.reason}`));
  });

  it('a stack event that fits is one line: aligned columns when wide enough, less padding at 80; with no width (a pipe) nothing is wrapped', () => {
    const short = { ...event, status: 'CREATE_COMPLETE', logicalId: 'Orders', reason: undefined };
    expect(formatStackEvent(short, undefined, 120)).toBe(formatStackEvent(short));
    expect(formatStackEvent(short)).toMatch(/^12:03:04 {2}CREATE_COMPLETE {17}Orders {24}AWS::StepFunctions::StateMachine$/);
    expect(formatStackEvent(short, undefined, 80)).toBe('12:03:04  CREATE_COMPLETE     Orders  AWS::StepFunctions::StateMachine');
    expect(formatStackEvent(event).split('\n')).toHaveLength(1);
  });

  it('a change set table wider than 80 columns puts each type under its logical ID, each line within 80', () => {
    const rows = [
      { action: 'Add', logicalId: 'Hellostepfunc1StepFunctionsStateMachineRole', type: 'AWS::IAM::Role', replacement: '' },
      { action: 'Modify', logicalId: 'Hellostepfunc1StepFunctionsStateMachine', type: 'AWS::StepFunctions::StateMachine', replacement: 'False' },
    ];
    expect(formatChangeTable(rows).split('\n').some((l) => l.length > 80)).toBe(true);
    const t = formatChangeTable(rows, undefined, 80);
    expect(t).toBe(
      [
        '  Action  Logical ID',
        '          Type  Replacement',
        '  Add     Hellostepfunc1StepFunctionsStateMachineRole',
        '          AWS::IAM::Role  -',
        '  Modify  Hellostepfunc1StepFunctionsStateMachine',
        '          AWS::StepFunctions::StateMachine  False',
      ].join('\n'),
    );
  });

  it('wrapText breaks at spaces within the width, indents the lines after the first, keeps line breaks, and never cuts a long word', () => {
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:Hellostepfunc1StepFunctionsStateMachine';
    expect(wrapText(`run again with --yes or review it: ${arn} then deploy`, 40, 4)).toEqual(['run again with --yes or review it:', `    ${arn}`, '    then deploy']);
    expect(wrapText('e.g.\n  Type: Pass\n  End: true', 40, 2)).toEqual(['e.g.', '    Type: Pass', '    End: true']);
  });

  it('a warning with a long hint fits 80 columns: the message continues indented by 2, the hint under its first word; without a width it is two lines', () => {
    const d = {
      severity: 'warning' as const,
      file: '/srv/svc/serverless.yml',
      line: 27,
      column: 11,
      path: ['stepFunctions', 'stateMachines', 'hellostepfunc1', 'definition', 'States', 'HelloWorld1'],
      message: 'this Lambda task has no Retry for transient Lambda errors (Lambda.ServiceException, Lambda.TooManyRequestsException, ...), so one throttle fails the execution',
      hint: 'add Retry: [{ ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.TooManyRequestsException], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }]',
    };
    const plain = formatDiagnostic(d, '/srv/svc');
    expect(plain.split('\n')).toHaveLength(2);
    const fitted = formatDiagnostic(d, '/srv/svc', 80);
    const lines = fitted.split('\n');
    // The state path is one word longer than what is left of the line: it gets a line of its own, whole.
    expect(lines.slice(0, 2)).toEqual(['warning: serverless.yml:27:11', '  stepFunctions.stateMachines.hellostepfunc1.definition.States.HelloWorld1: this']);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(80);
    const hintAt = lines.findIndex((l) => l.startsWith('  hint: '));
    expect(lines.slice(1, hintAt).every((l) => l.startsWith('  ') && !l.startsWith('   '))).toBe(true);
    expect(lines.slice(hintAt + 1).every((l) => l.startsWith(' '.repeat(8)))).toBe(true);
    expect(words(fitted)).toEqual(words(plain));
  });
});
