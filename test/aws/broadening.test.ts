// IAM broadening needs a yes (as `cdk deploy --require-approval broadening`), against moto server: the
// deployed template is read with GetTemplate and compared with the new one.
import { describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';
import { deployStack, type DeployRequest } from '../../src/aws/deploy.js';
import { ApprovalRequired } from '../../src/errors.js';
import type { Template } from '../../src/compile/types.js';
import { useEmulator } from '../support/emulator.js';
import { baseRequest, passMachine, recordingSink, template } from './helpers.js';

useEmulator({ processEnv: true });

/** A Pass machine whose role may do `actions` on `resource`. */
function machine(stackName: string, actions: string[], resource = 'arn:aws:sqs:us-east-1:123456789012:orders'): Template {
  const resources = passMachine('Hello', `${stackName}-hello`) as Template['Resources'];
  (resources.HelloRole.Properties as Record<string, unknown>).Policies = [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }] } }];
  return template(resources);
}

function run(stackName: string, body: Template, extra: Partial<DeployRequest> = {}) {
  const sink = recordingSink();
  const go = deployStack({ aws: new AwsClients({ region: 'us-east-1' }), sink }, { ...baseRequest, stackName, template: body, ...extra });
  return { sink, go };
}

describe('a change set that widens IAM grants', () => {
  it('stops with exit 7 where nobody can answer, listing the new grant; --yes or requireApproval: never deploys it', async () => {
    expect((await run('wide', machine('wide', ['sqs:SendMessage'])).go).result).toBe('deployed');
    const wider = machine('wide', ['sqs:SendMessage', 'sqs:DeleteMessage']);
    const { sink, go } = run('wide', wider);
    const err = await go.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalRequired);
    expect((err as ApprovalRequired).exitCode).toBe(7);
    expect((err as Error).message).toMatch(/^not executed: the change set needs approval: it widens IAM grants \(1 new\)\. It is left for review: arn:aws:cloudformation:/);
    expect((err as ApprovalRequired).hint).toMatch(/^run again with --yes \(or set custom\.stepf\.requireApproval: never for IAM changes\)/);
    expect(sink.notes.join('\n')).toContain('IAM grants this change set adds:\n  + HelloRole: Allow sqs:DeleteMessage on arn:aws:sqs:us-east-1:123456789012:orders');
    expect((await run('wide', wider, { requireApproval: 'never' }).go).result).toBe('deployed');
    const widest = machine('wide', ['sqs:SendMessage', 'sqs:DeleteMessage'], 'arn:aws:sqs:us-east-1:123456789012:*');
    expect((await run('wide', widest, { yes: true }).go).result).toBe('deployed');
  });

  it('answered no at the question: "not executed", the change set left, no error; yes deploys it', async () => {
    expect((await run('asked', machine('asked', ['sqs:SendMessage'])).go).result).toBe('deployed');
    const wider = machine('asked', ['sqs:SendMessage'], 'arn:aws:sqs:us-east-1:123456789012:*');
    const questions: string[] = [];
    const no = await run('asked', wider, { confirm: async (q) => (questions.push(q), false) }).go;
    expect(no.result).toBe('not-executed');
    expect(questions).toEqual(['this change set needs approval: it widens IAM grants (1 new). Execute it?']);
    expect(no.left).toMatch(/the change set is left for review .* and stack asked is unchanged/);
    expect((await run('asked', wider, { confirm: async () => true }).go).result).toBe('deployed');
  });

  it('narrowing grants, or changing nothing in IAM, deploys without asking; so does a first deploy', async () => {
    const { go } = run('narrow', machine('narrow', ['sqs:SendMessage', 'sqs:DeleteMessage']));
    expect((await go).result).toBe('deployed');
    const asked: string[] = [];
    const confirm = async (q: string) => (asked.push(q), false);
    expect((await run('narrow', machine('narrow', ['sqs:SendMessage']), { confirm }).go).result).toBe('deployed');
    expect(asked).toEqual([]);
  });
});
