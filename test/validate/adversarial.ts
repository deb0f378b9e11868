import { spawnSync } from 'node:child_process';

/**
 * Configs written as an adversary would: alias bombs and cycles, extreme nesting and sizes, odd bytes and line
 * endings, files that never end or hold secrets. Each must end quickly with exit 0 or 1 (the bounds of
 * README "Bounds"); `exit` is what a correct stepf answers, where only one answer is right.
 */
export interface Adversarial {
  name: string;
  /** Files of the service folder; a Buffer is written as it is. */
  files: Record<string, string | Buffer>;
  exit: 0 | 1;
  /** Made before the run (a FIFO, a symlink); returns false when this machine cannot make it. */
  prepare?: (dir: string) => boolean;
}

const MB = 1024 * 1024;

/** A valid service whose Pass state's Result is `result` (YAML text). */
export const service = (result: string, extra = '') => `service: s
provider: {name: aws}
${extra}stepFunctions:
  stateMachines:
    m:
      definition:
        StartAt: P
        States:
          P:
            Type: Pass
            Result: ${result}
            End: true
`;

const taskWith = (field: string) => `service: s
provider: {name: aws}
stepFunctions:
  stateMachines:
    m:
${field}
      definition:
        StartAt: T
        States:
          T:
            Type: Task
            Resource: arn:aws:lambda:us-east-1:123456789012:function:f
            End: true
`;

function bomb(): string {
  const names = 'abcdefghij';
  const lines = ['  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
  for (let i = 1; i < 10; i++) lines.push(`  ${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  return service('*j', `custom:\n  laughs:\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

function selfBomb(): string {
  const lines = ['  l0: [a, a, a, a, a, a, a, a, a]'];
  for (let i = 1; i < 12; i++) lines.push(`  l${i}: [${Array(9).fill(`"\${self:custom.l${i - 1}}"`).join(', ')}]`);
  return service('${self:custom.l11}', `custom:\n${lines.join('\n')}\n`);
}

const HELLO_JSON = {
  service: 's',
  provider: { name: 'aws' },
  stepFunctions: { stateMachines: { m: { definition: { StartAt: 'P', States: { P: { Type: 'Pass', Result: 'NUL', End: true } } } } } },
};

export function adversarialCases(): Adversarial[] {
  const deepFlow = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
  const chain = Array.from({ length: 10_000 }, (_, i) => `  c${i}: \${self:custom.c${i + 1}}`).join('\n');
  return [
    { name: 'a billion-laughs alias bomb', files: { 'serverless.yml': bomb() }, exit: 1 },
    { name: 'a bomb built from ${self:} references', files: { 'serverless.yml': selfBomb() }, exit: 1 },
    { name: 'a self-referencing alias in a Retry ErrorEquals', files: { 'serverless.yml': service('1').replace('Type: Pass', 'Type: Pass\n            Retry: [{ErrorEquals: &rec [*rec]}]') }, exit: 1 },
    { name: 'a self-referencing alias in an event', files: { 'serverless.yml': taskWith('      events: &ev\n        - schedule: rate(1 hour)\n        - *ev') }, exit: 1 },
    { name: "a self-referencing alias in an alarm's metrics", files: { 'serverless.yml': taskWith('      alarms:\n        topics: {ok: arn:aws:sns:us-east-1:123456789012:t}\n        metrics: &m [executionsFailed, *m]') }, exit: 1 },
    { name: 'an alias cycle through a merge key <<', files: { 'serverless.yml': service('{<<: *base, k: 1}', 'custom:\n  base: &base {x: 1, again: *base}\n') }, exit: 1 },
    { name: 'lists nested 10,000 deep (YAML)', files: { 'serverless.yml': service(deepFlow) }, exit: 1 },
    { name: 'lists nested 10,000 deep (JSON)', files: { 'serverless.json': JSON.stringify(HELLO_JSON).replace('"NUL"', deepFlow) }, exit: 1 },
    { name: 'mappings nested 1,000 deep (YAML block style)', files: { 'serverless.yml': service(`\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(14 + i)}k${i}:`).join('\n')} 1`) }, exit: 1 },
    { name: 'a chain of 10,000 ${self:} references', files: { 'serverless.yml': service('${self:custom.c0}', `custom:\n${chain}\n  c10000: end\n`) }, exit: 1 },
    { name: 'a 50 MB serverless.yml', files: { 'serverless.yml': Buffer.concat([Buffer.from(service('1')), Buffer.alloc(50 * MB, '#')]) }, exit: 1 },
    { name: 'a 50 MB file read through ${file()}', files: { 'serverless.yml': service('${file(./big.txt)}'), 'big.txt': Buffer.alloc(50 * MB, 'x') }, exit: 1 },
    { name: 'text doubled by variables 40 times', files: { 'serverless.yml': service('${self:custom.s39}', `custom:\n  s0: xxxxxxxxxx\n${Array.from({ length: 39 }, (_, i) => `  s${i + 1}: \${self:custom.s${i}}\${self:custom.s${i}}`).join('\n')}\n`) }, exit: 1 },
    { name: '10,001 aliases', files: { 'serverless.yml': service(`[${Array(10_001).fill('*one').join(',')}]`, 'custom:\n  one: &one 1\n') }, exit: 1 },
    { name: 'a NUL byte in YAML', files: { 'serverless.yml': service('"a\u0000b"').replace('"a\u0000b"', 'a\u0000b') }, exit: 1 },
    { name: 'a NUL byte in a JSON string', files: { 'serverless.json': JSON.stringify(HELLO_JSON).replace('NUL', 'a\u0000b') }, exit: 1 },
    { name: 'a NUL byte written \\u0000 in JSON', files: { 'serverless.json': JSON.stringify(HELLO_JSON).replace('NUL', 'a\\u0000b') }, exit: 0 },
    { name: 'NUL bytes in a text file read through ${file()}', files: { 'serverless.yml': service('${file(./nul.txt)}'), 'nul.txt': Buffer.from([0x61, 0, 0, 0x62]) }, exit: 0 },
    { name: 'a duplicate key in YAML', files: { 'serverless.yml': service('1').replace('Type: Pass', 'Type: Pass\n            Type: Pass') }, exit: 1 },
    { name: 'a duplicate key in JSON (the last one wins, as in JSON.parse)', files: { 'serverless.json': JSON.stringify(HELLO_JSON).replace('"Type":"Pass"', '"Type":"Wait","Type":"Pass"') }, exit: 0 },
    { name: 'CRLF line endings', files: { 'serverless.yml': service('1').replace(/\n/g, '\r\n') }, exit: 0 },
    { name: 'a byte order mark (YAML)', files: { 'serverless.yml': `\uFEFF${service('1')}` }, exit: 0 },
    { name: 'a byte order mark and CRLF (YAML)', files: { 'serverless.yml': `\uFEFF${service('1').replace(/\n/g, '\r\n')}` }, exit: 0 },
    { name: 'a byte order mark (JSON)', files: { 'serverless.json': `\uFEFF${JSON.stringify(HELLO_JSON)}` }, exit: 0 },
    { name: 'a byte order mark in a file read through ${file()}', files: { 'serverless.yml': service('${file(./r.json)}'), 'r.json': '\uFEFF{"a": 1}' }, exit: 0 },
    { name: '${file(/dev/zero)}, a file that never ends', files: { 'serverless.yml': service('${file(/dev/zero)}') }, exit: 1 },
    {
      name: '${file()} of a FIFO nobody writes to',
      files: { 'serverless.yml': service('${file(./pipe)}') },
      exit: 1,
      prepare: (dir) => spawnSync('mkfifo', [`${dir}/pipe`]).status === 0,
    },
    { name: '${file(/proc/self/environ)}, a secret location', files: { 'serverless.yml': service('${file(/proc/self/environ)}') }, exit: 1 },
    { name: '${file(../../../etc/passwd)}, outside the service (a warning)', files: { 'serverless.yml': service('${file(../../../../../../../../etc/passwd)}') }, exit: 0 },
  ];
}
