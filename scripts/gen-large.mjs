// Writes a service with N state machines of S states each (the speed target's "large config").
// With `retry: false` its Lambda tasks (one state in ten: five per 50-state machine) have no Retry, as in
// real fleets, so each warns (lambda-no-retry): 1,000 x 50 gives 5,000 warnings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function generateLarge(dir, machines = 200, states = 50, { retry = true } = {}) {
  mkdirSync(dir, { recursive: true });
  const lines = ['service: large-service', 'provider:', '  name: aws', '  region: us-east-1', 'stepFunctions:', '  stateMachines:'];
  for (let m = 0; m < machines; m++) {
    lines.push(`    machine${m}:`, `      name: large-\${sls:stage}-machine${m}`, '      definition:', `        Comment: "machine ${m}"`, '        StartAt: S0', '        States:');
    for (let s = 0; s < states; s++) {
      const last = s === states - 1;
      if (s % 10 === 5 && (s / 5) % 4 === 1) {
        // Integrations beside Lambda, so the IAM derivation has work to do.
        lines.push(`          S${s}:`, '            Type: Task', '            Resource: arn:aws:states:::dynamodb:putItem', '            Parameters:', `              TableName: large-\${sls:stage}-table${m % 7}`, '              Item:', '                id:', '                  S.$: $$.Execution.Id');
      } else if (s % 10 === 5) {
        lines.push(`          S${s}:`, '            Type: Task', '            Resource: arn:aws:states:::sqs:sendMessage', '            Parameters:', `              QueueUrl: https://sqs.#{AWS::Region}.amazonaws.com/#{AWS::AccountId}/large-queue${m % 5}`, '              MessageBody.$: $');
      } else if (s % 10 === 0) {
        lines.push(`          S${s}:`, '            Type: Task', '            Resource: "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:${self:service}-${sls:stage}-worker"');
        if (retry) lines.push('            Retry:', '              - ErrorEquals: [Lambda.ServiceException, Lambda.AWSLambdaException, Lambda.SdkClientException, Lambda.TooManyRequestsException]', '                MaxAttempts: 3');
      } else if (s % 5 === 1) {
        lines.push(`          S${s}:`, '            Type: Wait', '            Seconds: 1');
      } else {
        lines.push(`          S${s}:`, '            Type: Pass', '            Result:', `              step: ${s}`, '            ResultPath: $.last');
      }
      lines.push(last ? '            End: true' : `            Next: S${s + 1}`);
    }
  }
  writeFileSync(join(dir, 'serverless.yml'), `${lines.join('\n')}\n`);
  return dir;
}

if (process.argv[1] && process.argv[1].endsWith('gen-large.mjs')) {
  generateLarge(process.argv[2] ?? 'large', Number(process.argv[3] ?? 200), Number(process.argv[4] ?? 50), { retry: process.argv[5] !== 'no-retry' });
}
