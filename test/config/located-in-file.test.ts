// A validation error in a value read through ${file()} is located in that file, at its line: `stepf watch`
// prints it while the person edits that file, not serverless.yml.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { packageService } from '../../src/pipeline.js';
import { UserError } from '../../src/errors.js';
import { serviceDir } from './variables/helpers.js';

async function errorsOf(files: Record<string, string>) {
  const dir = serviceDir(files);
  const err = await packageService({ cwd: dir, stage: 'dev' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return { dir, diagnostics: (err as UserError).diagnostics };
}

describe('errors in values read through ${file()}', () => {
  it('a definition read whole is located at the line of the bad field in its file, with the config path', async () => {
    const { dir, diagnostics } = await errorsOf({
      'serverless.yml': 'service: loc\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow:\n      definition: ${file(./flow.yml)}\n',
      'flow.yml': 'StartAt: A\nStates:\n  A:\n    Type: Pass\n    Nxt: B\n    End: true\n',
    });
    expect(diagnostics).toEqual([
      expect.objectContaining({ file: join(dir, 'flow.yml'), line: 5, path: ['stepFunctions', 'stateMachines', 'flow', 'definition', 'States', 'A', 'Nxt'], message: expect.stringMatching(/unknown field "Nxt"/) }),
    ]);
  });

  it('through a selector (${file(./machines.yml):flow}) the line is found under the selected key; an error in serverless.yml itself stays there', async () => {
    const { dir, diagnostics } = await errorsOf({
      'serverless.yml': 'service: loc\nprovider:\n  name: aws\nstepFunctions:\n  stateMachines:\n    flow: ${file(./machines.yml):flow}\n    other:\n      definition:\n        StartAt: B\n        States:\n          B: { Type: Pass, Nxt: C, End: true }\n',
      'machines.yml': 'flow:\n  definition:\n    StartAt: A\n    States:\n      A:\n        Type: Wait\n        End: true\n',
    });
    const byFile = diagnostics.map((d) => [d.file, d.line, d.path?.join('.')]);
    expect(byFile).toContainEqual([join(dir, 'machines.yml'), 5, 'stepFunctions.stateMachines.flow.definition.States.A']);
    expect(byFile).toContainEqual([join(dir, 'serverless.yml'), 11, 'stepFunctions.stateMachines.other.definition.States.B.Nxt']);
  });
});
