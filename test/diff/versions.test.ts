// stepf diff on versions and aliases (src/diff/versions.ts): real templates from packageService, no AWS.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { diffTemplates } from '../../src/diff/index.js';
import { diffText } from '../../src/report/diff.js';
import type { Template } from '../../src/compile/types.js';

const ALARMS = `      alarms:\n        topics: { alarm: arn:aws:sns:us-east-1:123456789012:t }\n        metrics: [executionsFailed]\n`;
async function compile(opts: { result?: number; versions?: boolean; deployment?: string }): Promise<Template> {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-diff-versions-'));
  const versioned = opts.versions === false ? '' : `      versions: true\n      aliases:\n        - name: live\n${opts.deployment ? `          deployment: ${opts.deployment}\n` : ''}`;
  writeFileSync(
    join(dir, 'serverless.yml'),
    `service: svc\nprovider:\n  name: aws\n  region: us-east-1\nstepFunctions:\n  stateMachines:\n    flow:\n${versioned}${ALARMS}      definition:\n        StartAt: A\n        States:\n          A: { Type: Pass, Result: ${opts.result ?? 1}, End: true }\n`,
  );
  return (await packageService({ cwd: dir, stage: 'dev' })).template;
}

const CANARY = '{ type: CANARY, percentage: 10, interval: 5, alarms: [executionsFailed] }';

describe('diff: versions and aliases', () => {
  it('a definition change publishes a new version and the alias moves to it by its deployment, watching its alarm', async () => {
    const d = diffTemplates({ deployed: await compile({ deployment: CANARY }), next: await compile({ result: 2, deployment: CANARY }) });
    expect(d.versions).toEqual([
      { machine: 'FlowStepFunctionsStateMachine', version: 'publishes', aliases: [{ alias: 'live', change: 'moves', how: 'CANARY: 10% first, the rest after 5 min', alarms: ['FlowStepFunctionsStateMachineExecutionsFailedAlarm'] }] },
    ]);
    const text = diffText({ stackName: 's', region: 'us-east-1', stage: 'dev', diff: d, drifted: [] });
    expect(text).toContain('Versions and aliases\n  FlowStepFunctionsStateMachine: publishes a new version\n    live moves to the new version (CANARY: 10% first, the rest after 5 min); rolls back on alarm FlowStepFunctionsStateMachineExecutionsFailedAlarm\n');
  });

  it('a new deployment preference on an unchanged machine publishes nothing and says how the alias will move', async () => {
    const d = diffTemplates({ deployed: await compile({}), next: await compile({ deployment: '{ type: LINEAR, percentage: 20, interval: 10 }' }) });
    expect(d.versions).toEqual([{ machine: 'FlowStepFunctionsStateMachine', version: 'none', aliases: [{ alias: 'live', change: 'modified', how: 'LINEAR: 20% more every 10 min', alarms: [] }] }]);
  });

  it('an unchanged machine and alias have no version section; turning versions off stops publishing and removes the alias', async () => {
    const same = await compile({ deployment: CANARY });
    expect(diffTemplates({ deployed: same, next: await compile({ deployment: CANARY }) }).versions).toBeUndefined();
    const off = diffTemplates({ deployed: same, next: await compile({ versions: false }) });
    expect(off.versions).toEqual([{ machine: 'FlowStepFunctionsStateMachine', version: 'stops', aliases: [{ alias: 'live', change: 'removed', how: '', alarms: [] }] }]);
  });

  it('a first deploy publishes the first version and creates the alias on it', async () => {
    const d = diffTemplates({ deployed: undefined, next: await compile({}) });
    expect(d.versions).toEqual([{ machine: 'FlowStepFunctionsStateMachine', version: 'publishes', aliases: [{ alias: 'live', change: 'added', how: 'at once', alarms: [] }] }]);
  });
});
