import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../../src/aws/clients.js';

/** The host a StartSyncExecution request would be sent to (the request is stopped before it leaves). */
async function syncHost(): Promise<string> {
  const sfn = await new AwsClients({ region: 'us-east-1' }).stepFunctions();
  let host = '';
  sfn.middlewareStack.add(
    () => async (args) => {
      host = (args.request as { hostname: string }).hostname;
      throw new Error('stop here');
    },
    { step: 'finalizeRequest', name: 'captureHost' },
  );
  await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m' })).catch(() => undefined);
  return host;
}

const saved = { url: process.env.AWS_ENDPOINT_URL, id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
afterEach(() => {
  for (const [k, v] of [['AWS_ENDPOINT_URL', saved.url], ['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.secret]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('the Step Functions client', () => {
  it('sends StartSyncExecution to the custom endpoint itself (no sync- host prefix), and to sync-states on AWS', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:4566';
    expect(await syncHost()).toBe('127.0.0.1');
    delete process.env.AWS_ENDPOINT_URL;
    expect(await syncHost()).toBe('sync-states.us-east-1.amazonaws.com');
  });
});
