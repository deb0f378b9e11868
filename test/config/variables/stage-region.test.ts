import { describe, expect, it } from 'vitest';
import { resolverFor, serviceDir, userErrorOf } from './helpers.js';
import { join } from 'node:path';

describe('stage and region', () => {
  it('stage: --stage > provider.stage (resolved) > dev', async () => {
    expect((await resolverFor('provider: { stage: cfg }', { options: { stage: 'cli' } })).stage).toBe('cli');
    expect((await resolverFor('provider:\n  stage: ${env:S}', { env: { S: 'from-env' } })).stage).toBe('from-env');
    expect((await resolverFor('service: x')).stage).toBe('dev');
  });

  it('region: --region > provider.region > AWS_REGION > AWS_DEFAULT_REGION > profile config > us-east-1', async () => {
    expect((await resolverFor('provider: { region: eu-west-1 }', { options: { region: 'eu-north-1' } })).region).toBe('eu-north-1');
    expect((await resolverFor('provider: { region: eu-west-1 }', { env: { AWS_REGION: 'x-1' } })).region).toBe('eu-west-1');
    expect((await resolverFor('service: x', { env: { AWS_REGION: 'ap-east-1', AWS_DEFAULT_REGION: 'no' } })).region).toBe('ap-east-1');
    expect((await resolverFor('service: x', { env: { AWS_DEFAULT_REGION: 'ca-central-1' } })).region).toBe('ca-central-1');
    expect((await resolverFor('service: x')).region).toBe('us-east-1');
  });

  it('region from the shared config file, for the default profile or AWS_PROFILE', async () => {
    const home = serviceDir({
      '.aws/config': '[default]\nregion = sa-east-1\n\n[profile work]\nregion=eu-central-1\n',
      '.aws/credentials': '[creds-only]\nregion = me-south-1\n',
    });
    expect((await resolverFor('service: x', { env: { HOME: home } })).region).toBe('sa-east-1');
    expect((await resolverFor('service: x', { env: { HOME: home, AWS_PROFILE: 'work' } })).region).toBe('eu-central-1');
    expect((await resolverFor('service: x', { env: { HOME: home }, options: { 'aws-profile': 'work' } })).region).toBe('eu-central-1');
    expect((await resolverFor('service: x', { env: { HOME: home, AWS_PROFILE: 'creds-only' } })).region).toBe('me-south-1');
    expect((await resolverFor('provider: { profile: work }', { env: { HOME: home } })).region).toBe('eu-central-1');
    expect((await resolverFor('service: x', { env: { HOME: home, AWS_CONFIG_FILE: join(home, 'none') , AWS_SHARED_CREDENTIALS_FILE: join(home, 'none')} })).region).toBe('us-east-1');
  });

  it('a broken provider.stage is an error when the resolver is made', async () => {
    const err = await userErrorOf(resolverFor('provider:\n  stage: ${env:NOPE}\n'));
    expect(err.diagnostics[0]).toMatchObject({ path: ['provider', 'stage'], line: 2 });
  });

  it('provider.stage that refers to ${sls:stage} is a cycle, not a hang', async () => {
    const err = await userErrorOf(resolverFor('provider:\n  stage: ${sls:stage}\n'));
    expect(err.diagnostics[0].code).toBe('variable-cycle');
    expect(err.diagnostics[0].message).toContain('self:provider.stage → self:provider.stage');
  });
});
