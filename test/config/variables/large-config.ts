/** 200 state machines of 50 states, a few variables in each state. */
export function largeConfig(machines = 200, states = 50): string {
  const lines = ['service: big', 'provider:', '  name: aws', "  stage: ${opt:stage, 'dev'}", 'custom:', '  timeout: 30', '  prefix: ${self:service}-${sls:stage}', 'stepFunctions:', '  stateMachines:'];
  for (let m = 0; m < machines; m++) {
    lines.push(`    m${m}:`, `      name: \${self:custom.prefix}-m${m}`, '      definition:', `        StartAt: S0`, '        States:');
    for (let s = 0; s < states; s++) {
      lines.push(
        `          S${s}:`,
        '            Type: Task',
        `            Resource: arn:aws:lambda:\${aws:region}:\${aws:accountId}:function:\${self:service}-\${opt:stage}-f${s}`,
        '            TimeoutSeconds: ${self:custom.timeout}',
        `            Comment: 'Fn::Sub keeps \${AWS::Region} and #{AWS::AccountId}'`,
        '            Retry: [{ ErrorEquals: [States.ALL], MaxAttempts: 2 }]',
        s === states - 1 ? '            End: true' : `            Next: S${s + 1}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
