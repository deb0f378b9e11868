import type { Template } from '../../src/compile/types.js';
import type { ChangeRow, ProgressSink, StackEventLine } from '../../src/aws/events.js';

/** A sink that records what deploy said, for assertions. */
export function recordingSink(): ProgressSink & { notes: string[]; warnings: string[]; events: StackEventLine[]; tables: ChangeRow[][]; phases: string[] } {
  const s = {
    notes: [] as string[],
    warnings: [] as string[],
    events: [] as StackEventLine[],
    tables: [] as ChangeRow[][],
    phases: [] as string[],
    phase: (t: string) => void s.phases.push(t),
    note: (t: string) => void s.notes.push(t),
    warn: (t: string) => void s.warnings.push(t),
    stackEvent: (e: StackEventLine) => void s.events.push(e),
    changes: (rows: ChangeRow[]) => void s.tables.push(rows),
  };
  return s;
}

export function passMachine(logicalId: string, name: string, result = 'one'): Template['Resources'] {
  return {
    [`${logicalId}Role`]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: 'states.amazonaws.com' }, Action: 'sts:AssumeRole' }],
        },
      },
    },
    [logicalId]: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        StateMachineName: name,
        DefinitionString: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: { v: result }, End: true } } }),
        RoleArn: { 'Fn::GetAtt': [`${logicalId}Role`, 'Arn'] },
      },
    },
  };
}

export function template(resources: Template['Resources'], extra: Partial<Template> = {}): Template {
  return { AWSTemplateFormatVersion: '2010-09-09', Resources: resources, ...extra };
}

export const baseRequest = {
  parameters: [] as Array<{ key: string; value: string }>,
  tags: {} as Record<string, string>,
  execute: true,
  yes: false,
  wait: true,
  waitTimeoutMs: 60_000,
};
