/** A machine of `n` states in all (nested ones counted) in a mix of every type (Task with Retry/Catch, Choice, Wait, Pass, Map, Parallel). */
export function generatedDefinition(n: number, seed = 0): Record<string, unknown> {
  const states: Record<string, unknown> = {};
  const name = (i: number) => `Step${seed}_${i}`;
  // 6 kinds in turn; a Map holds 1 state more, a Parallel 2: stop when the total reaches n.
  let top = 0;
  for (let total = 1; total < n; top++) total += top % 6 === 4 ? 2 : top % 6 === 5 ? 3 : 1;
  const last = name(top);
  for (let i = 0; i < top; i++) {
    const next = name(i + 1);
    switch (i % 6) {
      case 0:
        states[name(i)] = {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:f', 'Payload.$': '$', 'id.$': "States.Format('order-{}', $.id)" },
          ResultSelector: { 'body.$': '$.Payload' },
          ResultPath: '$.result',
          Retry: [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: last }],
          TimeoutSeconds: 30,
          Next: next,
        };
        break;
      case 1:
        states[name(i)] = {
          Type: 'Choice',
          Choices: [
            { Variable: '$.result.body.ok', BooleanEquals: true, Next: next },
            { And: [{ Variable: '$.count', NumericGreaterThan: 3 }, { Not: { Variable: '$.name', StringMatches: 'x*' } }], Next: next },
          ],
          Default: last,
        };
        break;
      case 2:
        states[name(i)] = { Type: 'Wait', SecondsPath: '$.delay', Next: next };
        break;
      case 3:
        states[name(i)] = { Type: 'Pass', Parameters: { 'a.$': '$.a', b: 1, 'c.$': 'States.ArrayLength($.items)' }, ResultPath: '$.p', Next: next };
        break;
      case 4:
        states[name(i)] = {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 5,
          ItemProcessor: { StartAt: `${name(i)}_In`, States: { [`${name(i)}_In`]: { Type: 'Pass', End: true } } },
          ResultPath: '$.mapped',
          Next: next,
        };
        break;
      default:
        states[name(i)] = {
          Type: 'Parallel',
          Branches: [
            { StartAt: `${name(i)}_A`, States: { [`${name(i)}_A`]: { Type: 'Pass', End: true } } },
            { StartAt: `${name(i)}_B`, States: { [`${name(i)}_B`]: { Type: 'Wait', Seconds: 1, End: true } } },
          ],
          Next: next,
        };
    }
  }
  states[last] = { Type: 'Succeed' };
  return { Comment: 'generated', StartAt: name(0), States: states };
}
