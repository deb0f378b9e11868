import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageService } from '../../src/pipeline.js';
import { serviceDir } from './variables/helpers.js';

/** `functions:` wherever it is written: what stepf reads of it (keys, names, timeouts) is resolved like the rest. */

const ARN = 'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:';

const machine = (resource: string) => `
stepFunctions:
  stateMachines:
    flow:
      definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: ${resource}
            End: true
`;

async function definitionOf(files: Record<string, string>) {
  const r = await packageService({ cwd: serviceDir(files), stage: 'dev' });
  const m = r.template.Resources.FlowStepFunctionsStateMachine.Properties as { DefinitionString: unknown };
  const text = m.DefinitionString as { 'Fn::Sub': string } | string;
  return { r, definition: JSON.parse(typeof text === 'string' ? text : text['Fn::Sub']) as { States: { Work: Record<string, unknown> } } };
}

describe('functions given through ${file()}', () => {
  it('the whole block from a file: a GetAtt on a function key is that function\'s ARN, with the name the file gives it', async () => {
    const { definition } = await definitionOf({
      'serverless.yml': `service: svc\nprovider: { name: aws }\nfunctions: \${file(./functions.yml)}\n${machine('!GetAtt resizeImage.Arn')}`,
      'functions.yml': 'resizeImage:\n  handler: h.resize\n  name: images-resize\nother:\n  handler: h.other\n',
    });
    expect(definition.States.Work.Resource).toBe(`${ARN}images-resize`);
  });

  it('a list of blocks from files is merged, and a function\'s Lambda logical ID works as its key does', async () => {
    const { definition, r } = await definitionOf({
      'serverless.yml': `service: svc\nprovider: { name: aws }\nfunctions:\n  - \${file(./a.yml)}\n  - \${file(./b.yml)}\n${machine('!GetAtt WorkerLambdaFunction.Arn')}`,
      'a.yml': 'first:\n  handler: h.first\n',
      'b.yml': 'worker:\n  handler: h.worker\n',
    });
    expect(definition.States.Work.Resource).toBe(`${ARN}svc-dev-worker`);
    expect(r.parameters).toEqual([]);
  });

  it('one function\'s body from a file, whose name is a variable, and whose timeout configureTaskTimeouts reads', async () => {
    const files = {
      'serverless.yml': `service: svc
provider: { name: aws }
custom: { prefix: team-a }
functions:
  worker: \${file(./fns/worker.yml)}
stepFunctions:
  stateMachines:
    flow:
      configureTaskTimeouts: true
      definition:
        StartAt: Work
        States:
          Work:
            Type: Task
            Resource: arn:aws:states:::lambda:invoke
            Parameters:
              FunctionName: !Ref worker
            End: true
`,
      'fns/worker.yml': 'handler: h.worker\nname: ${self:custom.prefix}-worker-${sls:stage}\ntimeout: 42\n',
    };
    const { definition } = await definitionOf(files);
    expect(definition.States.Work).toMatchObject({ Parameters: { FunctionName: `${ARN}team-a-worker-dev` }, TimeoutSeconds: 42 });
  });

  it('a variable under functions: that stepf does not read is never resolved (no error for an ${ssm:} offline)', async () => {
    const { definition, r } = await definitionOf({
      'serverless.yml': `service: svc\nprovider: { name: aws }\nfunctions: \${file(./functions.yml)}\n${machine('!GetAtt api.Arn')}`,
      'functions.yml': 'api:\n  handler: h.api\n  environment:\n    SECRET: ${ssm:/svc/secret}\n    MISSING: ${file(./nope.yml)}\n',
    });
    expect(definition.States.Work.Resource).toBe(`${ARN}svc-dev-api`);
    expect(r.warnings.filter((w) => w.code !== 'lambda-no-retry')).toEqual([]);
  });

  it('a name that cannot be resolved offline is a warning naming the function and the default name assumed', async () => {
    const { definition, r } = await definitionOf({
      'serverless.yml': `service: svc\nprovider: { name: aws }\nfunctions:\n  api: \${file(./api.yml)}\n${machine('!GetAtt api.Arn')}`,
      'api.yml': 'handler: h.api\nname: ${ssm:/svc/api-name}\n',
    });
    expect(definition.States.Work.Resource).toBe(`${ARN}svc-dev-api`);
    const named = r.warnings.filter((w) => w.code !== 'lambda-no-retry');
    expect(named.map((w) => [w.code, w.path])).toEqual([['function-name-unresolved', ['functions', 'api', 'name']]]);
    expect(named[0].message).toContain('assumes the default name svc-dev-api');
  });

  it('the bboure/step-funcitons-demo config (functions: - ${file(functions.yml)}) packages: its GetAtt AlwaysFailsLambdaFunction.Arn is that function', async () => {
    const r = await packageService({ cwd: resolve(__dirname, '../../fixtures/real/bboure-step-functions-demo'), stage: 'dev' });
    const def = r.template.Resources.ErrorHandler.Properties as { DefinitionString: { 'Fn::Sub': string } };
    expect(JSON.parse(def.DefinitionString['Fn::Sub']).States.Begin.Resource).toBe(`${ARN}step-functions-demo-dev-alwaysFails`);
  });
});
