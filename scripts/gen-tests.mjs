// A service with one 50-state machine (Pass, mocked Task with Retry and Catch, Choice, an hour's Wait, in
// turn) and a test file of N cases over it, for `npm run bench` (and by hand: node scripts/gen-tests.mjs DIR N).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateTestSuite(dir, cases = 1000, states = 50) {
  const defs = {};
  const mocks = {};
  for (let i = 0; i < states; i++) {
    const name = `S${i}`;
    const next = { Next: `S${i + 1}` };
    if (i === states - 1) {
      defs[name] = { Type: 'Succeed' };
      continue;
    }
    switch (i % 4) {
      case 0:
        defs[name] = { Type: 'Pass', Result: { step: i }, ResultPath: `$.p${i}`, ...next };
        break;
      case 1:
        defs[name] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'worker', 'Payload.$': '$.n' },
          ResultSelector: { 'v.$': '$.Payload' },
          ResultPath: `$.t${i}`,
          Retry: [{ ErrorEquals: ['Busy'], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: `$.e${i}`, ...next }],
          ...next,
        };
        mocks[name] = { Payload: i };
        break;
      case 2:
        defs[name] = { Type: 'Choice', Choices: [{ Variable: '$.even', BooleanEquals: true, Next: `S${i + 1}` }], Default: `S${i + 1}` };
        break;
      default:
        defs[name] = { Type: 'Wait', Seconds: 3600, ...next };
    }
  }
  mkdirSync(join(dir, 'tests', 'stepf'), { recursive: true });
  writeFileSync(join(dir, 'serverless.yml'), JSON.stringify({ service: 'bench-tests', provider: { name: 'aws', region: 'us-east-1' }, stepFunctions: { stateMachines: { big: { definition: { StartAt: 'S0', States: defs } } } } }));
  const list = {};
  for (let c = 0; c < cases; c++) {
    list[`case ${c}`] = { input: { n: c, even: c % 2 === 0 }, expect: { outputIncludes: { n: c, even: c % 2 === 0, t1: { v: 1 } }, pathIncludes: ['S0', `S${states - 1}`] } };
  }
  writeFileSync(join(dir, 'tests', 'stepf', 'big.test.json'), JSON.stringify({ machine: 'big', mocks, cases: list }));
  return dir;
}

if (process.argv[1]?.endsWith('gen-tests.mjs')) {
  generateTestSuite(process.argv[2], Number(process.argv[3] ?? 1000));
}
