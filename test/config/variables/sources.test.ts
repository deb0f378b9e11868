import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolverFor, userErrorOf } from './helpers.js';

describe('opt', () => {
  it('reads any --key value option', async () => {
    const r = await resolverFor(`a: \${opt:stage}\nb: \${opt:my-flag}\nc: \${opt:verbose}`, {
      options: { stage: 'prod', 'my-flag': 'on', verbose: true },
    });
    expect(await r.get(['a'])).toBe('prod');
    expect(await r.get(['b'])).toBe('on');
    expect(await r.get(['c'])).toBe(true);
  });

  it('${opt:} is every option given', async () => {
    const r = await resolverFor(`a: \${opt:}`, { options: { stage: 'prod', region: undefined } });
    expect(await r.get(['a'])).toEqual({ stage: 'prod' });
  });
});

describe('env', () => {
  it('reads an environment variable', async () => {
    const r = await resolverFor(`a: \${env:TABLE}`, { env: { TABLE: 'orders' } });
    expect(await r.get(['a'])).toBe('orders');
  });

  it('an empty environment variable is a value (not a fallback case)', async () => {
    const r = await resolverFor(`a: \${env:EMPTY, 'x'}`, { env: { EMPTY: '' } });
    expect(await r.get(['a'])).toBe('');
  });

  it('a missing one says so, with a hint', async () => {
    const r = await resolverFor(`a: \${env:TABLE}`);
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.message).toBe('${env:TABLE} is not set: environment variable TABLE is not set');
    expect(d.hint).toContain('set TABLE in the environment');
  });
});

describe('file', () => {
  const files = {
    'config/common.yml': 'table: orders\nnested:\n  deep: { value: 7 }\nref: ${self:service}\ntag: !Ref MyQueue\n',
    'config/data.json': '{ "a": { "b": [1, 2] } }',
    'config/other.yaml': 'x: 1\n',
    'config/notes.txt': 'plain text',
  };

  it('reads a whole YAML file, keeping its types and CloudFormation tags', async () => {
    const r = await resolverFor(`service: svc\ncustom: \${file(./config/common.yml)}`, { files });
    expect(await r.get(['custom'])).toEqual({ table: 'orders', nested: { deep: { value: 7 } }, ref: 'svc', tag: { Ref: 'MyQueue' } });
  });

  it('reads a key path from YAML, .yaml and JSON files', async () => {
    const r = await resolverFor(
      `a: \${file(./config/common.yml):nested.deep.value}\nb: \${file(./config/data.json):a.b}\nc: \${file(config/other.yaml):x}`,
      { files },
    );
    expect(await r.get(['a'])).toBe(7);
    expect(await r.get(['b'])).toEqual([1, 2]);
    expect(await r.get(['c'])).toBe(1);
  });

  it('any other extension is plain text', async () => {
    const r = await resolverFor(`a: \${file(./config/notes.txt)}`, { files });
    expect(await r.get(['a'])).toBe('plain text');
  });

  it('self addresses reach into values that come from a file', async () => {
    const r = await resolverFor(`service: svc\ncustom: \${file(./config/common.yml)}\nname: \${self:custom.nested.deep.value}-\${self:custom.ref}`, { files });
    expect(await r.get(['name'])).toBe('7-svc');
  });

  it('a file path may hold variables', async () => {
    const r = await resolverFor(`a: \${file(./config/\${opt:stage}.json):a.b}`, { files: { 'config/prod.json': '{"a":{"b":"p"}}' }, options: { stage: 'prod' } });
    expect(await r.get(['a'])).toBe('p');
  });

  it('a missing file or key falls back, or is an error naming the file', async () => {
    const r = await resolverFor(`a: \${file(./nope.yml), 'fb'}\nb: \${file(./nope.yml)}\nc: \${file(./config/common.yml):nested.deap}`, { files });
    expect(await r.get(['a'])).toBe('fb');
    const b = (await userErrorOf(r.get(['b']))).diagnostics[0];
    expect(b.message).toBe('${file(./nope.yml)} is not set: ./nope.yml does not exist');
    expect(b.hint).toContain('relative to the folder of serverless.yml');
    const c = (await userErrorOf(r.get(['c']))).diagnostics[0];
    expect(c.message).toContain('./config/common.yml has no nested.deap');
    expect(c.hint).toContain('did you mean "deep"?');
  });

  it('a broken variable inside an included file is reported in that file, at its line', async () => {
    const r = await resolverFor(`service: svc\ncustom: \${file(./inc.yml)}`, {
      files: { 'inc.yml': 'good: 1\nstepf:\n  name: x\n  bad: ${env:NOPE}\n' },
    });
    const d = (await userErrorOf(r.get(['custom', 'stepf']))).diagnostics[0];
    expect(d.path).toEqual(['custom', 'stepf', 'bad']);
    expect(d.file).toMatch(/inc\.yml$/);
    expect(d.line).toBe(4);
    expect(d.column).toBe(8);
    // The rest of the included file stays lazy.
    expect(await r.get(['custom', 'good'])).toBe(1);
  });

  it('a key-path into an included file reports at the key in that file', async () => {
    const r = await resolverFor(`x: \${file(./inc.yml):a}`, { files: { 'inc.yml': 'a:\n  b: 1\n  c: ${opt:nope}\n' } });
    const d = (await userErrorOf(r.get(['x']))).diagnostics[0];
    expect(d).toMatchObject({ path: ['x', 'c'], line: 3, column: 6 });
    expect(d.file).toMatch(/inc\.yml$/);
  });

  it('a YAML syntax error in an included file names that file and line', async () => {
    const r = await resolverFor(`a: \${file(./bad.yml)}`, { files: { 'bad.yml': 'a: 1\nb: [unclosed\n' } });
    const d = (await userErrorOf(r.get(['a']))).diagnostics[0];
    expect(d.file).toMatch(/bad\.yml$/);
    expect(d.line).toBeGreaterThanOrEqual(2);
    expect(d.path).toEqual(['a']);
    expect(d.message).toContain('${file(./bad.yml)}');
  });

  it('a definition kept in a JSON file comes back as an object', async () => {
    const r = await resolverFor(`stepFunctions:\n  stateMachines:\n    m:\n      definition: \${file(./def.json)}`, {
      files: { 'def.json': JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Wait', Seconds: 5, End: true } } }) },
    });
    expect(await r.get(['stepFunctions', 'stateMachines', 'm', 'definition'])).toEqual({
      StartAt: 'A',
      States: { A: { Type: 'Wait', Seconds: 5, End: true } },
    });
  });
});

describe('sls', () => {
  it('${sls:stage} is --stage, then provider.stage, then dev', async () => {
    expect(await (await resolverFor(`a: \${sls:stage}`, { options: { stage: 'cli' } })).get(['a'])).toBe('cli');
    expect(await (await resolverFor(`provider: { stage: cfg }\na: \${sls:stage}`)).get(['a'])).toBe('cfg');
    expect(await (await resolverFor(`a: \${sls:stage}`)).get(['a'])).toBe('dev');
  });

  it('${sls:instanceId} is one id per run', async () => {
    const r = await resolverFor(`a: \${sls:instanceId}\nb: \${sls:instanceId}`);
    const a = await r.get(['a']);
    expect(typeof a).toBe('string');
    expect(await r.get(['b'])).toBe(a);
  });

  it('an unknown address is an error with a did-you-mean', async () => {
    const d = (await userErrorOf((await resolverFor(`a: \${sls:stag}`)).get(['a']))).diagnostics[0];
    expect(d.hint).toBe('did you mean "stage"?');
  });
});

describe('aws', () => {
  it('${aws:region} is the resolved region', async () => {
    expect(await (await resolverFor(`a: \${aws:region}`, { options: { region: 'eu-west-1' } })).get(['a'])).toBe('eu-west-1');
    expect(await (await resolverFor(`provider: { region: ap-south-1 }\na: \${aws:region}`)).get(['a'])).toBe('ap-south-1');
  });

  it('${aws:accountId} becomes the #{AWS::AccountId} pseudo-parameter, without a network call', async () => {
    const r = await resolverFor(`a: 'arn:aws:states:\${aws:region}:\${aws:accountId}:stateMachine:x'`);
    expect(await r.get(['a'])).toBe('arn:aws:states:us-east-1:#{AWS::AccountId}:stateMachine:x');
  });
});

describe('param', () => {
  const yaml = `
provider:
  stage: \${opt:stage, 'dev'}
params:
  default: { domain: '\${sls:stage}.preview.example.com', shared: s }
  prod: { domain: example.com }
a: \${param:domain}
b: \${param:shared}
c: \${param:nope}
`;
  it('takes params.<stage>, then params.default', async () => {
    const prod = await resolverFor(yaml, { options: { stage: 'prod' } });
    expect(await prod.get(['a'])).toBe('example.com');
    expect(await prod.get(['b'])).toBe('s');
    const dev = await resolverFor(yaml);
    expect(await dev.get(['a'])).toBe('dev.preview.example.com');
  });

  it('--param wins over the params: block', async () => {
    const r = await resolverFor(yaml, { options: { stage: 'prod' }, params: { domain: 'cli.example.com' } });
    expect(await r.get(['a'])).toBe('cli.example.com');
  });

  it('a missing parameter says where it looked', async () => {
    const d = (await userErrorOf((await resolverFor(yaml, { options: { stage: 'prod' } })).get(['c']))).diagnostics[0];
    expect(d.message).toContain('no parameter "nope" for stage prod: not given with --param, and not under params.prod or params.default');
  });
});

describe('strToBool', () => {
  it('turns "true"/"false"/"1"/"0" into booleans', async () => {
    const r = await resolverFor(`a: \${strToBool(\${env:F})}\nb: \${strToBool(0)}`, { env: { F: 'true' } });
    expect(await r.get(['a'])).toBe(true);
    expect(await r.get(['b'])).toBe(false);
  });
});

describe('ssm, cf and s3', () => {
  const yaml = `
provider: { region: eu-west-1 }
a: \${ssm:/my/param}
b: \${cf:other-stack.QueueUrl}
c: \${s3:bucket/path/key.txt}
d: \${ssm(us-east-2, noDecrypt):/plain}
e: \${cf(ap-south-1):s.O}
f: \${ssm:/missing, 'fallback'}
`;
  it('offline, each is an error naming the variable, with the --resolve-remote hint', async () => {
    const r = await resolverFor(yaml);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-remote-offline', path: ['a'] });
    expect(err.diagnostics[0].message).toBe('${ssm:/my/param}: SSM parameter /my/param is read from AWS, and this command runs offline');
    expect(err.diagnostics[0].hint).toContain('--resolve-remote');
    expect((await userErrorOf(r.get(['b']))).diagnostics[0].message).toContain('output QueueUrl of stack other-stack');
    expect((await userErrorOf(r.get(['c']))).diagnostics[0].message).toContain('s3://bucket/path/key.txt');
  });

  it('with remote sources, they are read with the right region and options', async () => {
    const calls: unknown[] = [];
    const r = await resolverFor(yaml, {
      remote: {
        ssm: async (name, o) => (calls.push(['ssm', name, o]), name === '/missing' ? undefined : `ssm${name}`),
        cf: async (stack, key, region) => (calls.push(['cf', stack, key, region]), `cf-${stack}-${key}`),
        s3: async (bucket, key) => (calls.push(['s3', bucket, key]), 'body'),
      },
    });
    expect(await r.get(['a'])).toBe('ssm/my/param');
    expect(await r.get(['b'])).toBe('cf-other-stack-QueueUrl');
    expect(await r.get(['c'])).toBe('body');
    expect(await r.get(['d'])).toBe('ssm/plain');
    expect(await r.get(['e'])).toBe('cf-s-O');
    expect(await r.get(['f'])).toBe('fallback');
    expect(calls).toEqual([
      ['ssm', '/my/param', { decrypt: true, region: 'eu-west-1' }],
      ['cf', 'other-stack', 'QueueUrl', 'eu-west-1'],
      ['s3', 'bucket', 'path/key.txt'],
      ['ssm', '/plain', { decrypt: false, region: 'us-east-2' }],
      ['cf', 's', 'O', 'ap-south-1'],
      ['ssm', '/missing', { decrypt: true, region: 'eu-west-1' }],
    ]);
  });

  it('an AWS failure is not turned into a config error', async () => {
    class Boom extends Error {}
    const r = await resolverFor('a: ${ssm:/x}', { remote: { ssm: async () => { throw new Boom('throttled'); } } });
    await expect(r.get(['a'])).rejects.toBeInstanceOf(Boom);
  });
});

describe('fixture folder', () => {
  it('the checked-in fixtures resolve', async () => {
    const { loadFile } = await import('../../../src/config/load.js');
    const { createResolver } = await import('../../../src/config/variables/resolve.js');
    const root = loadFile(join(import.meta.dirname, 'fixtures', 'serverless.yml'));
    const r = await createResolver({ root, options: { stage: 'prod' }, env: { HOME: '/nonexistent', TABLE_PREFIX: 'tp' } });
    expect(await r.get(['stepFunctions'])).toEqual({
      stateMachines: {
        orders: {
          name: 'fixture-svc-prod-orders',
          definition: {
            Comment: 'from a JS file: prod',
            StartAt: 'Save',
            States: {
              Save: {
                Type: 'Task',
                Resource: 'arn:aws:states:::dynamodb:putItem',
                Parameters: { TableName: 'tp-orders-prod', 'Item.$': '$.item' },
                End: true,
              },
            },
          },
        },
      },
    });
  });
});
