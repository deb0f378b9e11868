import { describe, expect, it } from 'vitest';
import { resolverFor, userErrorOf } from './helpers.js';

describe('resolving variables', () => {
  it('whole-value variables keep the type of what they resolve to', async () => {
    const r = await resolverFor(`
custom:
  n: 5
  flag: true
  obj: { a: 1, b: [x, y] }
  list: [1, 2]
a: \${self:custom.n}
b: \${self:custom.flag}
c: \${self:custom.obj}
d: \${self:custom.list}
`);
    expect(await r.get(['a'])).toBe(5);
    expect(await r.get(['b'])).toBe(true);
    expect(await r.get(['c'])).toEqual({ a: 1, b: ['x', 'y'] });
    expect(await r.get(['d'])).toEqual([1, 2]);
  });

  it('a variable inside a longer string is turned into text', async () => {
    const r = await resolverFor(`
service: svc
custom: { n: 5, flag: false }
name: \${self:service}-\${self:custom.n}-\${self:custom.flag}
`);
    expect(await r.get(['name'])).toBe('svc-5-false');
  });

  it('an object inside a longer string is an error', async () => {
    const r = await resolverFor(`
custom: { obj: { a: 1 } }
name: prefix-\${self:custom.obj}
`);
    const err = await userErrorOf(r.get(['name']));
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-type', path: ['name'] });
    expect(err.diagnostics[0].message).toContain('${self:custom.obj} resolves to an object');
  });

  it('${self:service} inside a string, with service written { name: x } (the Serverless v1 form), says to write service: x', async () => {
    const r = await resolverFor('service:\n  name: testService\ncustom:\n  arn: fn-${self:service}-a\n');
    const err = await userErrorOf(r.get(['custom', 'arn']));
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-type', path: ['custom', 'arn'] });
    expect(err.diagnostics[0].hint).toBe('`service: { name: testService }` is the Serverless v1 form: write `service: testService` (Serverless v3 refuses ${self:service} inside a string too)');
  });

  it('fallbacks: the first source with a value wins, literals of either quote and numbers end the list', async () => {
    const r = await resolverFor(`
provider: { stage: prod }
a: \${opt:stage, self:provider.stage, 'dev'}
b: \${opt:nope, env:NOPE, "double"}
c: \${opt:nope, 42}
d: \${opt:nope, self:nope, 'single'}
e: \${opt:nope, null}
f: \${opt:nope, true}
`);
    expect(await r.get(['a'])).toBe('prod');
    expect(await r.get(['b'])).toBe('double');
    expect(await r.get(['c'])).toBe(42);
    expect(await r.get(['d'])).toBe('single');
    expect(await r.get(['e'])).toBeNull();
    expect(await r.get(['f'])).toBe(true);
  });

  it('an option given on the command line wins over the fallback', async () => {
    const r = await resolverFor(`a: \${opt:stage, 'dev'}`, { options: { stage: 'prod' } });
    expect(await r.get(['a'])).toBe('prod');
  });

  it('nested variables resolve inside addresses', async () => {
    const r = await resolverFor(`
custom:
  dev: { name: dev-name }
  prod: { name: prod-name }
name: \${self:custom.\${opt:stage}.name}
`, { options: { stage: 'prod' } });
    expect(await r.get(['name'])).toBe('prod-name');
  });

  it('self references resolve the referenced subtree on demand, and what it references', async () => {
    const r = await resolverFor(`
service: svc
custom:
  base: \${self:service}-\${opt:stage}
  full: { name: '\${self:custom.base}-x' }
a: \${self:custom.full}
`, { options: { stage: 'dev' } });
    expect(await r.get(['a'])).toEqual({ name: 'svc-dev-x' });
  });

  it('${self:} is the whole config', async () => {
    const r = await resolverFor(`
service: svc
custom: { root: '\${self:}' }
`);
    const err = await userErrorOf(r.get(['custom', 'root']));
    expect(err.diagnostics[0].code).toBe('variable-cycle');
    const r2 = await resolverFor(`
service: svc
other: \${self:service}
`);
    // Not a cycle when asked from outside the config.
    expect(await r2.get([])).toEqual({ service: 'svc', other: 'svc' });
  });

  it('a value that resolves to another variable is resolved again', async () => {
    const r = await resolverFor(`a: \${env:INDIRECT}`, { env: { INDIRECT: '${env:TARGET}', TARGET: 'final' } });
    expect(await r.get(['a'])).toBe('final');
  });

  it('endless nesting stops at a depth limit with an error', async () => {
    const r = await resolverFor(`a: \${env:LOOP}`, { env: { LOOP: 'x${env:LOOP}' } });
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0].code).toBe('variable-depth');
    expect(err.diagnostics[0].message).toContain('nest more than 10 deep');
  });

  it('CloudFormation ${AWS::Region}, ${!Literal} and ${Name} inside Fn::Sub are left untouched', async () => {
    const r = await resolverFor(`
service: svc
x:
  Fn::Sub: 'arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:stateMachine:\${MachineName}-\${!Literal}-\${self:service}'
`);
    expect(await r.get(['x'])).toEqual({
      'Fn::Sub': 'arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:stateMachine:${MachineName}-${!Literal}-svc',
    });
  });

  it('#{AWS::AccountId} pseudo-parameters pass through unchanged', async () => {
    const r = await resolverFor(`a: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:x'`);
    expect(await r.get(['a'])).toBe('arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:x');
  });

  it('\\${ writes a literal ${', async () => {
    const r = await resolverFor(`a: 'cost \\\${opt:stage}'`);
    expect(await r.get(['a'])).toBe('cost ${opt:stage}');
  });

  it('values without variables come back as they are', async () => {
    const r = await resolverFor(`
stepFunctions:
  stateMachines:
    m: { definition: { StartAt: A, States: { A: { Type: Pass, End: true, Result: [1, null, 'x'] } } } }
`);
    expect(await r.get(['stepFunctions'])).toEqual({
      stateMachines: { m: { definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true, Result: [1, null, 'x'] } } } } },
    });
  });

  it('self addresses index into lists', async () => {
    const r = await resolverFor(`
custom: { zones: [a, { name: b }] }
x: \${self:custom.zones.1.name}-\${self:custom.zones.0}
`);
    expect(await r.get(['x'])).toBe('b-a');
  });

  it('variables inside Fn::Sub lists and Fn::Join resolve, their CloudFormation variables stay', async () => {
    const r = await resolverFor(`
service: svc
x:
  Fn::Sub:
    - '\${Prefix}-\${self:service}'
    - { Prefix: !Ref AWS::StackName }
y: !Join [':', ['\${opt:stage}', !GetAtt Queue.Arn]]
`, { options: { stage: 'dev' } });
    expect(await r.get(['x'])).toEqual({ 'Fn::Sub': ['${Prefix}-svc', { Prefix: { Ref: 'AWS::StackName' } }] });
    expect(await r.get(['y'])).toEqual({ 'Fn::Join': [':', ['dev', { 'Fn::GetAtt': ['Queue', 'Arn'] }]] });
  });

  it('a path that is not in the config is undefined, not an error', async () => {
    const r = await resolverFor('service: svc');
    expect(await r.get(['custom', 'stepf'])).toBeUndefined();
  });

  it('does not change the loaded data', async () => {
    const r = await resolverFor(`service: svc\na: { b: '\${self:service}' }`);
    await r.get(['a']);
    expect(await r.getLenient([])).toMatchObject({ value: { a: { b: 'svc' } } });
  });
});

describe('laziness', () => {
  const yaml = `
service: svc
provider: { name: aws }
functions:
  hello:
    handler: h.hello
    name: \${self:service}-hello
    environment:
      BROKEN: \${env:NOT_SET}
      UNKNOWN: \${mything:abc}
      REMOTE: \${ssm:/secret}
stepFunctions:
  stateMachines:
    m: { name: '\${self:service}-m' }
`;

  it('a broken variable stepf does not ask for is no error', async () => {
    const r = await resolverFor(yaml);
    expect(await r.get(['stepFunctions'])).toEqual({ stateMachines: { m: { name: 'svc-m' } } });
    expect(await r.get(['functions', 'hello', 'name'])).toBe('svc-hello');
  });

  it('it is an error once asked for, and every failure is listed', async () => {
    const r = await resolverFor(yaml);
    const err = await userErrorOf(r.get(['functions', 'hello', 'environment']));
    expect(err.diagnostics.map((d) => d.path)).toEqual([
      ['functions', 'hello', 'environment', 'BROKEN'],
      ['functions', 'hello', 'environment', 'UNKNOWN'],
      ['functions', 'hello', 'environment', 'REMOTE'],
    ]);
  });

  it('lenient resolution leaves what cannot be resolved as written and reports it', async () => {
    const r = await resolverFor(yaml);
    const { value, failures } = await r.getLenient(['functions', 'hello']);
    expect(value).toEqual({
      handler: 'h.hello',
      name: 'svc-hello',
      environment: { BROKEN: '${env:NOT_SET}', UNKNOWN: '${mything:abc}', REMOTE: '${ssm:/secret}' },
    });
    expect(failures.map((f) => f.code)).toEqual(['variable-unresolved', 'variable-unknown-source', 'variable-remote-offline']);
  });

  it('leniently, a broken whole value comes back as written; below it, as undefined', async () => {
    const r = await resolverFor('resources: ${file(./missing.yml)}');
    expect(await r.getLenient(['resources'])).toMatchObject({ value: '${file(./missing.yml)}', failures: [{ path: ['resources'] }] });
    expect(await r.getLenient(['resources', 'Outputs'])).toMatchObject({ value: undefined, failures: [{ path: ['resources'] }] });
  });

  it('a variable is resolved once, however often it is referenced', async () => {
    let calls = 0;
    const r = await resolverFor(`
a: \${ssm:/x}
b: \${self:a}
c: \${self:a}-\${ssm:/x}
`, { remote: { ssm: async () => { calls++; return 'v'; } } });
    expect(await r.get(['b'])).toBe('v');
    expect(await r.get(['c'])).toBe('v-v');
    expect(await r.get(['a'])).toBe('v');
    expect(calls).toBe(1);
  });
});

describe('cycles', () => {
  it('a cycle is an error naming the chain', async () => {
    const r = await resolverFor(`
a: \${self:b}
b: \${self:a}
`);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics).toHaveLength(1);
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-cycle', path: ['a'] });
    expect(err.diagnostics[0].message).toContain('self:a → self:b → self:a');
  });

  it('a three-step cycle names every step', async () => {
    const r = await resolverFor(`
custom:
  a: \${self:custom.b}
  b: x-\${self:custom.c}
  c: \${self:custom.a}
`);
    const err = await userErrorOf(r.get(['custom', 'a']));
    expect(err.diagnostics[0].message).toContain('self:custom.a → self:custom.b → self:custom.c → self:custom.a');
  });

  it('a value that refers to its own parent is a cycle', async () => {
    const r = await resolverFor(`
custom:
  x: { y: '\${self:custom.x}' }
`);
    const err = await userErrorOf(r.get(['custom', 'x']));
    expect(err.diagnostics[0].code).toBe('variable-cycle');
    expect(err.diagnostics[0].message).toContain('self:custom.x.y → self:custom.x');
  });

  it('a reference to a sibling is not a cycle', async () => {
    const r = await resolverFor(`
custom:
  x: { y: '\${self:custom.x.z}', z: 1 }
`);
    expect(await r.get(['custom', 'x'])).toEqual({ y: 1, z: 1 });
  });
});

describe('errors', () => {
  it('an unresolvable variable names the path, the file, the line and column, the source tried, and hints', async () => {
    const r = await resolverFor(`service: svc
stepFunctions:
  stateMachines:
    m:
      name: \${opt:stage}-m
`);
    const err = await userErrorOf(r.get(['stepFunctions']));
    const d = err.diagnostics[0];
    expect(d).toMatchObject({
      severity: 'error',
      code: 'variable-unresolved',
      path: ['stepFunctions', 'stateMachines', 'm', 'name'],
      line: 5,
      column: 13,
    });
    expect(d.file).toMatch(/serverless\.yml$/);
    expect(d.message).toBe('${opt:stage} is not set: no --stage option given');
    expect(d.hint).toContain('pass --stage <value>');
    expect(d.hint).toContain("${opt:stage, 'value'}");
  });

  it('with fallbacks, the message lists why each source had no value', async () => {
    const r = await resolverFor(`a: \${opt:stage, env:STAGE, self:custom.stage}`);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0].message).toBe(
      '${opt:stage, env:STAGE, self:custom.stage} is not set: no --stage option given; environment variable STAGE is not set; the config has no key "custom"',
    );
  });

  it('an unknown source is an error with a did-you-mean on the source name', async () => {
    const r = await resolverFor(`a: \${slef:service}`);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-unknown-source', hint: 'did you mean "self"?' });
    expect(err.diagnostics[0].message).toContain('unknown variable source "slef"');
  });

  it('a missing self key suggests the near one', async () => {
    const r = await resolverFor(`
custom: { tableName: t }
a: \${self:custom.tablename}
`);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0].message).toContain('custom has no key "tablename" (did you mean "tableName"?)');
  });

  it('broken syntax is an error at the string', async () => {
    const r = await resolverFor(`a: \${opt:stage, dev}`);
    const err = await userErrorOf(r.get(['a']));
    expect(err.diagnostics[0]).toMatchObject({ code: 'variable-syntax', path: ['a'], line: 1 });
  });

  it('a variable that depends on a broken one fails at its own place, saying why', async () => {
    const r = await resolverFor(`
custom:
  broken: \${env:NOPE}
resources:
  Outputs:
    O: { Value: '\${self:custom.broken}' }
`);
    const { failures } = await r.getLenient(['resources']);
    expect(failures).toHaveLength(1);
    expect(failures[0].path).toEqual(['resources', 'Outputs', 'O', 'Value']);
    expect(failures[0].message).toContain('custom.broken cannot be resolved: ${env:NOPE} is not set');
  });

  it('line and column are located only when read', async () => {
    const r = await resolverFor(`a: \${env:NOPE}`);
    const { failures } = await r.getLenient(['a']);
    expect(Object.getOwnPropertyDescriptor(failures[0], 'line')?.get).toBeTypeOf('function');
    expect(failures[0].line).toBe(1);
    expect(JSON.parse(JSON.stringify(failures[0]))).toMatchObject({ line: 1, column: 4 });
  });
});
