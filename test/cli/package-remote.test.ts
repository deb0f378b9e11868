import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { useEmulator } from '../support/emulator.js';
import { runCli } from '../support/cli.js';

const emu = useEmulator();

const config = `service: rr
stepFunctions:
  stateMachines:
    m:
      name: rr-\${ssm:/rr/suffix}
      definition:
        StartAt: A
        States:
          A: {Type: Pass, End: true}
`;

describe('package and remote variables (moto server)', () => {
  it('offline, ${ssm:} is an error naming the variable and --resolve-remote; with the flag it is read through AWS', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stepf-remote-'));
    writeFileSync(join(dir, 'serverless.yml'), config);
    const offline = runCli(['package'], { cwd: dir, env: emu.env });
    expect(offline.status).toBe(1);
    expect(offline.stderr).toMatch(/serverless\.yml:5:\d+ stepFunctions\.stateMachines\.m\.name: \$\{ssm:\/rr\/suffix\}/);
    expect(offline.stderr).toContain('--resolve-remote');

    await emu.client(SSMClient).send(
      new PutParameterCommand({ Name: '/rr/suffix', Value: 'blue', Type: 'String' }),
    );
    const remote = runCli(['package', '--resolve-remote', '--json'], { cwd: dir, env: emu.env });
    expect(remote.status, remote.stderr).toBe(0);
    expect(JSON.parse(remote.stdout).machines[0].name).toBe('rr-blue');
  });
});
