// One broken definition per rule: what stepf must say (message), where (path inside the definition)
// and what to do (hint). `severity` defaults to error.

type Def = Record<string, unknown>;

export interface BrokenCase {
  name: string;
  definition: unknown;
  path: Array<string | number>;
  message: RegExp;
  hint: RegExp;
  severity?: 'error' | 'warning';
}

const task = (extra: Def = {}): Def => ({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', End: true, ...extra });
const pass = (extra: Def = {}): Def => ({ Type: 'Pass', End: true, ...extra });
/** A one-state machine whose state is `state`. */
const one = (state: Def, top: Def = {}): Def => ({ StartAt: 'A', States: { A: state }, ...top });
const choice = (rules: unknown[], extra: Def = {}, states: Def = {}): Def => ({
  StartAt: 'C',
  States: { C: { Type: 'Choice', Choices: rules, Default: 'Done', ...extra }, Yes: pass(), Done: pass(), ...states },
});
const retry = (retriers: unknown[]): Def => one(task({ Retry: retriers }));
const map = (extra: Def): Def => one({ Type: 'Map', End: true, ItemProcessor: { StartAt: 'I', States: { I: pass() } }, ...extra });
const jsonata = (state: Def): Def => one(state, { QueryLanguage: 'JSONata' });

export const BROKEN: BrokenCase[] = [
  // ---- transitions
  { name: 'StartAt names no state', definition: { StartAt: 'Strat', States: { Start: pass() } }, path: ['StartAt'], message: /StartAt names the state "Strat", which does not exist in the definition/, hint: /did you mean "Start"\?/ },
  { name: 'Next names no state', definition: { StartAt: 'A', States: { A: pass({ End: undefined, Next: 'Fnish' }), Finish: pass() } }, path: ['States', 'A', 'Next'], message: /Next names the state "Fnish"/, hint: /did you mean "Finish"\?/ },
  { name: 'Default names no state', definition: choice([{ Variable: '$.x', IsPresent: true, Next: 'Yes' }], { Default: 'Don' }), path: ['States', 'C', 'Default'], message: /Default names the state "Don"/, hint: /did you mean "Done"\?/ },
  { name: 'a choice Next names no state', definition: choice([{ Variable: '$.x', IsPresent: true, Next: 'Yess' }]), path: ['States', 'C', 'Choices', 0, 'Next'], message: /Next names the state "Yess"/, hint: /did you mean "Yes"\?/ },
  { name: 'a Catch Next names no state', definition: { StartAt: 'A', States: { A: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handel' }] }), Handle: pass() } }, path: ['States', 'A', 'Catch', 0, 'Next'], message: /Next names the state "Handel"/, hint: /did you mean "Handle"\?/ },
  {
    name: 'a branch state moves to a state outside its branch',
    definition: {
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Next: 'Out', Branches: [{ StartAt: 'B', States: { B: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Out' }], Default: 'E' }, E: pass() } }] },
        Out: pass(),
      },
    },
    path: ['States', 'P', 'Branches', 0, 'States', 'B', 'Choices', 0, 'Next'],
    message: /Next names the state "Out", which does not exist in the branch/,
    hint: /outside this branch/,
  },
  { name: 'a state that nothing leads to', definition: { StartAt: 'A', States: { A: pass(), Orphan: pass() } }, path: ['States', 'Orphan'], message: /the state "Orphan" is never reached from StartAt \(A\)/, hint: /unreachable/ },
  {
    name: 'an unreachable state inside a Map processor',
    definition: map({ ItemProcessor: { StartAt: 'I', States: { I: pass(), J: pass() } } }),
    path: ['States', 'A', 'ItemProcessor', 'States', 'J'],
    message: /"J" is never reached/,
    hint: /add a Next, Default or Catch/,
  },
  { name: 'Next and End together', definition: { StartAt: 'A', States: { A: pass({ Next: 'B' }), B: pass() } }, path: ['States', 'A', 'End'], message: /both Next and End: true/, hint: /not both/ },
  { name: 'neither Next nor End', definition: one({ Type: 'Pass' }), path: ['States', 'A'], message: /the Pass state has neither Next nor End: true/, hint: /add Next: <state name>/ },
  { name: 'End on a Choice state', definition: choice([{ Variable: '$.x', IsPresent: true, Next: 'Yes' }], { End: true }), path: ['States', 'C', 'End'], message: /a Choice state cannot have End/, hint: /Next of its Choices and its Default/ },
  { name: 'Next on a Succeed state', definition: { StartAt: 'A', States: { A: { Type: 'Succeed', Next: 'A' } } }, path: ['States', 'A', 'Next'], message: /a Succeed state cannot have Next/, hint: /always ends the execution/ },
  { name: 'no terminal state', definition: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } }, path: ['States'], message: /no state ends the definition/, hint: /End: true/ },

  // ---- state types and fields
  { name: 'a state without Type', definition: one({ End: true }), path: ['States', 'A'], message: /the state "A" has no Type/, hint: /Task, Pass, Choice/ },
  { name: 'a misspelt Type', definition: one({ Type: 'Tsak', Resource: 'arn:aws:states:::sqs:sendMessage', End: true }), path: ['States', 'A', 'Type'], message: /the string "Tsak" is not a state type/, hint: /did you mean "Task"\?/ },
  { name: 'a misspelt field', definition: one(task({ TimeoutSecond: 30 })), path: ['States', 'A', 'TimeoutSecond'], message: /unknown field "TimeoutSecond" in a Task state/, hint: /did you mean "TimeoutSeconds"\?/ },
  { name: 'a field of another state type', definition: one(task({ Choices: [] })), path: ['States', 'A', 'Choices'], message: /a Task state has no field "Choices"/, hint: /a Task state takes Type, Comment/ },
  { name: 'a JSONPath field in a JSONata state', definition: jsonata(task({ InputPath: '$.x' })), path: ['States', 'A', 'InputPath'], message: /InputPath is a JSONPath field, but this state uses JSONata/, hint: /\$states\.input/ },
  { name: 'a JSONata field in a JSONPath state', definition: one(task({ Arguments: {} })), path: ['States', 'A', 'Arguments'], message: /Arguments is a JSONata field, but this state uses JSONPath/, hint: /use Parameters, or set QueryLanguage: JSONata/ },
  { name: 'a JSONPath state in a JSONata machine', definition: jsonata(pass({ QueryLanguage: 'JSONPath' })), path: ['States', 'A', 'QueryLanguage'], message: /a JSONata state machine cannot hold JSONPath states/, hint: /rewrite the state in JSONata/ },
  { name: 'an unknown QueryLanguage', definition: one(pass(), { QueryLanguage: 'JSONNata' }), path: ['QueryLanguage'], message: /QueryLanguage must be JSONPath or JSONata/, hint: /QueryLanguage: JSONata/ },
  { name: 'a Task without Resource', definition: one({ Type: 'Task', End: true }), path: ['States', 'A'], message: /the Task state has no Resource/, hint: /ARN of a Lambda function/ },
  { name: 'a Resource that is not an ARN', definition: one(task({ Resource: 'my-function' })), path: ['States', 'A', 'Resource'], message: /Resource "my-function" is not an ARN/, hint: /Fn::GetAtt: \[myFunction, Arn\]/ },
  { name: 'a state field indented into Resource (InputPath beside Fn::GetAtt)', definition: one(task({ Resource: { 'Fn::GetAtt': ['extractData', 'Arn'], InputPath: '$.inputForBranch1' } })), path: ['States', 'A', 'Resource', 'InputPath'], message: /"InputPath" is a field of the Task state, not of its Resource/, hint: /indent "InputPath" as a sibling of Resource/ },
  { name: 'a misspelt field does not also report the field as missing', definition: one({ Type: 'Task', Resrouce: 'arn:aws:lambda:us-east-1:1:function:f', End: true }), path: ['States', 'A', 'Resrouce'], message: /unknown field "Resrouce"/, hint: /did you mean "Resource"\?/ },
  { name: 'a misspelt top-level field', definition: { Startat: 'A', States: { A: pass() } }, path: ['Startat'], message: /unknown field "Startat" in the definition/, hint: /did you mean "StartAt"\?/ },
  { name: 'a state name over 80 characters', definition: { StartAt: 'x'.repeat(81), States: { ['x'.repeat(81)]: pass() } }, path: ['States', 'x'.repeat(81)], message: /has 81 characters; at most 80 are allowed/, hint: /shorten the name/ },
  {
    name: 'a state name used twice (inside a branch too)',
    definition: { StartAt: 'P', States: { P: { Type: 'Parallel', Next: 'A', Branches: [{ StartAt: 'A', States: { A: pass() } }] }, A: pass() } },
    path: ['States', 'A'],
    message: /the state name "A" is used twice/,
    hint: /unique across the whole definition/,
  },
  { name: 'a definition that is not an object', definition: 'StartAt: A', path: [], message: /must be an object with StartAt and States, got the string/, hint: /StartAt: First/ },
  { name: 'a Version other than 1.0', definition: one(pass(), { Version: 1 }), path: ['Version'], message: /Version must be "1.0", got the number 1/, hint: /quoted/ },
  { name: 'empty States', definition: { StartAt: 'A', States: {} }, path: ['States'], message: /States must be a map of state names to states/, hint: /States:/ },

  // ---- Choice
  { name: 'a choice rule with two comparisons', definition: choice([{ Variable: '$.x', StringEquals: 'a', IsPresent: true, Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'IsPresent'], message: /exactly one comparison operator/, hint: /And: \[\.\.\.\]/ },
  { name: 'a choice rule without Variable', definition: choice([{ StringEquals: 'a', Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0], message: /compares with StringEquals but has no Variable/, hint: /Variable: \$\.field/ },
  { name: 'a choice rule without a comparison', definition: choice([{ Variable: '$.x', Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0], message: /the choice rule has no comparison/, hint: /StringEquals/ },
  { name: 'a misspelt comparison operator', definition: choice([{ Variable: '$.x', StringEqual: 'a', Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'StringEqual'], message: /unknown field "StringEqual" in a choice rule/, hint: /did you mean "StringEquals"\?/ },
  { name: 'a comparison value of the wrong type', definition: choice([{ Variable: '$.x', NumericEquals: '1', Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'NumericEquals'], message: /NumericEquals compares with a number, got the string "1"/, hint: /without quotes/ },
  { name: 'Next inside a nested rule', definition: choice([{ Not: { Variable: '$.x', IsPresent: true, Next: 'Yes' }, Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'Not', 'Next'], message: /a rule inside And\/Or\/Not cannot have Next/, hint: /top-level rule/ },
  { name: 'And that is not a list', definition: choice([{ And: { Variable: '$.x', IsPresent: true }, Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'And'], message: /And takes a non-empty list of rules/, hint: /And:/ },
  { name: 'a choice rule without Next', definition: choice([{ Variable: '$.x', IsPresent: true }], { Default: 'Yes' }, { Yes: pass({ End: undefined, Next: 'Done' }) }), path: ['States', 'C', 'Choices', 0], message: /the choice rule has no Next/, hint: /add Next/ },
  { name: 'an empty Choices', definition: choice([], { Default: 'Yes' }, { Yes: pass({ End: undefined, Next: 'Done' }) }), path: ['States', 'C', 'Choices'], message: /Choices must be a non-empty list of rules/, hint: /Variable/ },
  { name: 'a JSONPath rule in a JSONata Choice', definition: { QueryLanguage: 'JSONata', ...choice([{ Variable: '$.x', IsPresent: true, Next: 'Yes' }]) }, path: ['States', 'C', 'Choices', 0, 'Variable'], message: /Variable and IsPresent are JSONPath choice rule syntax, but this state uses JSONata/, hint: /Condition: "\{% \.\.\. %\}"/ },
  { name: 'a JSONata Condition that is not an expression', definition: { QueryLanguage: 'JSONata', ...choice([{ Condition: '$x > 1', Next: 'Yes' }]) }, path: ['States', 'C', 'Choices', 0, 'Condition'], message: /Condition must be a JSONata expression/, hint: /\{% \$states\.input\.count > 0 %\}/ },
  { name: 'Condition in a JSONPath Choice', definition: choice([{ Condition: '{% true %}', Next: 'Yes' }]), path: ['States', 'C', 'Choices', 0, 'Condition'], message: /Condition is a JSONata choice rule, but this state uses JSONPath/, hint: /QueryLanguage: JSONata/ },

  // ---- Retry / Catch
  { name: 'States.ALL beside other names', definition: retry([{ ErrorEquals: ['States.ALL', 'MyError'] }]), path: ['States', 'A', 'Retry', 0, 'ErrorEquals', 0], message: /States.ALL must be the only name in its ErrorEquals/, hint: /of its own/ },
  { name: 'a States.ALL retrier before others', definition: retry([{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['MyError'] }]), path: ['States', 'A', 'Retry', 0, 'ErrorEquals'], message: /the retrier for States.ALL must be the last one/, hint: /move it to the end/ },
  {
    name: 'a States.ALL catcher before others',
    definition: { StartAt: 'A', States: { A: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'H' }, { ErrorEquals: ['E'], Next: 'H' }] }), H: pass() } },
    path: ['States', 'A', 'Catch', 0, 'ErrorEquals'],
    message: /the catcher for States.ALL must be the last one/,
    hint: /move it to the end/,
  },
  { name: 'BackoffRate below 1', definition: retry([{ ErrorEquals: ['E'], BackoffRate: 0.5 }]), path: ['States', 'A', 'Retry', 0, 'BackoffRate'], message: /BackoffRate must be a number of at least 1.0, got the number 0.5/, hint: /BackoffRate: 2/ },
  { name: 'a negative MaxAttempts', definition: retry([{ ErrorEquals: ['E'], MaxAttempts: -1 }]), path: ['States', 'A', 'Retry', 0, 'MaxAttempts'], message: /MaxAttempts must be a whole number, 0 or more/, hint: /MaxAttempts: 3/ },
  { name: 'IntervalSeconds of 0', definition: retry([{ ErrorEquals: ['E'], IntervalSeconds: 0 }]), path: ['States', 'A', 'Retry', 0, 'IntervalSeconds'], message: /IntervalSeconds must be a whole number of seconds, 1 or more/, hint: /IntervalSeconds: 2/ },
  { name: 'MaxDelaySeconds of 0', definition: retry([{ ErrorEquals: ['E'], MaxDelaySeconds: 0 }]), path: ['States', 'A', 'Retry', 0, 'MaxDelaySeconds'], message: /MaxDelaySeconds must be a whole number of seconds from 1 to 31622400/, hint: /MaxDelaySeconds: 60/ },
  { name: 'an unknown JitterStrategy', definition: retry([{ ErrorEquals: ['E'], JitterStrategy: 'HALF' }]), path: ['States', 'A', 'Retry', 0, 'JitterStrategy'], message: /JitterStrategy must be FULL or NONE/, hint: /FULL/ },
  { name: 'a misspelt retrier field', definition: retry([{ ErrorEquals: ['E'], MaxAttempt: 3 }]), path: ['States', 'A', 'Retry', 0, 'MaxAttempt'], message: /unknown field "MaxAttempt" in a retrier/, hint: /did you mean "MaxAttempts"\?/ },
  { name: 'a retrier without ErrorEquals', definition: retry([{ MaxAttempts: 3 }]), path: ['States', 'A', 'Retry', 0], message: /the retrier has no ErrorEquals/, hint: /ErrorEquals: \[States.ALL\]/ },
  { name: 'a States.* error Step Functions never raises', definition: retry([{ ErrorEquals: ['States.Timout'] }]), path: ['States', 'A', 'Retry', 0, 'ErrorEquals', 0], message: /Step Functions never raises States.Timout/, hint: /did you mean "States.Timeout"\?/, severity: 'warning' },
  { name: 'Retry on a Pass state', definition: one(pass({ Retry: [] })), path: ['States', 'A', 'Retry'], message: /a Pass state has no field "Retry"/, hint: /a Pass state takes/ },

  // ---- JSONPath and intrinsics
  { name: 'an InputPath that is not a path', definition: one(pass({ InputPath: 'payload' })), path: ['States', 'A', 'InputPath'], message: /InputPath "payload" is not a valid JSONPath: a path starts with "\$"/, hint: /\$\.order\.id/ },
  { name: 'a ResultPath with a wildcard', definition: one(pass({ ResultPath: '$.items[*]' })), path: ['States', 'A', 'ResultPath'], message: /ResultPath "\$\.items\[\*\]" is not a valid reference path/, hint: /names one place/ },
  { name: 'an OutputPath with an empty step', definition: one(pass({ OutputPath: '$.a.' })), path: ['States', 'A', 'OutputPath'], message: /a "\." with no name after it/, hint: /\$\.order\.id/ },
  { name: 'a .$ key with a broken path', definition: one(task({ Parameters: { 'id.$': '$.order[0' } })), path: ['States', 'A', 'Parameters', 'id.$'], message: /"id\.\$" ends in "\.\$", so "\$\.order\[0" must be a JSONPath or an intrinsic function.*unclosed "\["/, hint: /\$\.order\.id/ },
  { name: 'a .$ key with a literal', definition: one(task({ Parameters: { nested: { 'name.$': 'hello' } } })), path: ['States', 'A', 'Parameters', 'nested', 'name.$'], message: /"hello" must be a JSONPath or an intrinsic function/, hint: /drop the "\.\$" from "name\.\$"/ },
  { name: 'a .$ key with a number', definition: one(task({ ResultSelector: { 'n.$': 3 } })), path: ['States', 'A', 'ResultSelector', 'n.$'], message: /must be a path or an intrinsic function \(a string\), got the number 3/, hint: /drop the "\.\$"/ },
  { name: 'an unknown intrinsic function', definition: one(pass({ Parameters: { 'x.$': 'States.Formt($.a)' } })), path: ['States', 'A', 'Parameters', 'x.$'], message: /States.Formt is not an intrinsic function/, hint: /did you mean "States.Format"\?/ },
  { name: 'an intrinsic with the wrong number of arguments', definition: one(pass({ Parameters: { 'x.$': 'States.ArrayRange(1, 2)' } })), path: ['States', 'A', 'Parameters', 'x.$'], message: /States.ArrayRange takes 3 arguments, got 2/, hint: /commas and parentheses/ },
  { name: 'States.UUID with an argument', definition: one(pass({ Parameters: { 'x.$': 'States.UUID($.a)' } })), path: ['States', 'A', 'Parameters', 'x.$'], message: /States.UUID takes 0 arguments, got 1/, hint: /commas/ },
  { name: 'an intrinsic with an unterminated string', definition: one(pass({ Parameters: { 'x.$': "States.Format('Hi {}, $.a)" } })), path: ['States', 'A', 'Parameters', 'x.$'], message: /is not a valid intrinsic function invocation: an unterminated string/, hint: /single quotes/ },
  { name: 'States.Format with too few values', definition: one(pass({ Parameters: { 'x.$': "States.Format('{} and {}', $.a)" } })), path: ['States', 'A', 'Parameters', 'x.$'], message: /template has 2 \{\} placeholders but 1 value follows/, hint: /one value after the template/, severity: 'warning' },

  // ---- JSONata
  { name: 'a JSONata syntax error', definition: jsonata(pass({ Output: { total: '{% $states.input.a + %}' } })), path: ['States', 'A', 'Output', 'total'], message: /is not a valid JSONata expression: .*end of expression/i, hint: /docs\.jsonata\.org/ },
  { name: 'an empty JSONata expression', definition: jsonata(pass({ Output: '{%  %}' })), path: ['States', 'A', 'Output'], message: /the JSONata expression \{% %\} is empty/, hint: /between \{% and %\}/ },
  { name: 'a JSONata expression left open', definition: jsonata(pass({ Output: '{% $states.input' })), path: ['States', 'A', 'Output'], message: /starts with \{% but does not end with %\}/, hint: /end the expression with %\}/, severity: 'warning' },

  // ---- Map and Parallel
  { name: 'a Map without ItemProcessor', definition: one({ Type: 'Map', End: true }), path: ['States', 'A'], message: /the Map state has no ItemProcessor/, hint: /StartAt, States/ },
  { name: 'a Map with both ItemProcessor and Iterator', definition: map({ Iterator: { StartAt: 'X', States: { X: pass() } } }), path: ['States', 'A', 'Iterator'], message: /ItemProcessor and Iterator cannot both be set/, hint: /older name/ },
  { name: 'a misspelt processor Mode', definition: map({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTE' }, StartAt: 'I', States: { I: pass() } } }), path: ['States', 'A', 'ItemProcessor', 'ProcessorConfig', 'Mode'], message: /Mode must be INLINE or DISTRIBUTED, got the string "DISTRIBUTE"/, hint: /did you mean "DISTRIBUTED"\?/ },
  { name: 'ToleratedFailurePercentage over 100', definition: map({ ToleratedFailurePercentage: 150 }), path: ['States', 'A', 'ToleratedFailurePercentage'], message: /ToleratedFailurePercentage must be a number from 0 to 100/, hint: /ToleratedFailurePercentage: 10/ },
  { name: 'a negative MaxConcurrency', definition: map({ MaxConcurrency: -2 }), path: ['States', 'A', 'MaxConcurrency'], message: /MaxConcurrency must be a whole number, 0 or more/, hint: /MaxConcurrency: 0/ },
  { name: 'an ItemReader without Resource', definition: map({ ItemReader: { ReaderConfig: { InputType: 'JSON' } } }), path: ['States', 'A', 'ItemReader'], message: /ItemReader has no Resource/, hint: /s3:getObject/ },
  { name: 'a Parallel without Branches', definition: one({ Type: 'Parallel', End: true }), path: ['States', 'A'], message: /the Parallel state has no Branches/, hint: /StartAt, States/ },
  { name: 'a branch without StartAt', definition: one({ Type: 'Parallel', End: true, Branches: [{ States: { B: pass() } }] }), path: ['States', 'A', 'Branches', 0], message: /the branch has no StartAt/, hint: /StartAt: B/ },
  { name: 'an unknown field in a branch', definition: one({ Type: 'Parallel', End: true, Branches: [{ StartAt: 'B', States: { B: pass() }, Next: 'X' }] }), path: ['States', 'A', 'Branches', 0, 'Next'], message: /unknown field "Next" in the branch/, hint: /takes Comment, StartAt, States/ },

  // ---- timeouts and Wait
  { name: 'TimeoutSeconds of 0', definition: one(task({ TimeoutSeconds: 0 })), path: ['States', 'A', 'TimeoutSeconds'], message: /TimeoutSeconds must be a whole number of seconds from 1 to 99999999, got the number 0/, hint: /TimeoutSeconds: 300/ },
  { name: 'HeartbeatSeconds not below TimeoutSeconds', definition: one(task({ TimeoutSeconds: 60, HeartbeatSeconds: 60 })), path: ['States', 'A', 'HeartbeatSeconds'], message: /HeartbeatSeconds \(60\) must be smaller than TimeoutSeconds \(60\)/, hint: /lower HeartbeatSeconds/ },
  { name: 'TimeoutSeconds and TimeoutSecondsPath', definition: one(task({ TimeoutSeconds: 60, TimeoutSecondsPath: '$.t' })), path: ['States', 'A', 'TimeoutSecondsPath'], message: /TimeoutSeconds and TimeoutSecondsPath cannot both be set/, hint: /keep one/ },
  { name: 'a machine TimeoutSeconds that is a string', definition: one(pass(), { TimeoutSeconds: '60' }), path: ['TimeoutSeconds'], message: /TimeoutSeconds must be a whole number of seconds/, hint: /TimeoutSeconds: 300/ },
  { name: 'a Wait with Seconds and Timestamp', definition: one({ Type: 'Wait', Seconds: 5, Timestamp: '2030-01-01T00:00:00Z', End: true }), path: ['States', 'A', 'Timestamp'], message: /exactly one of Seconds, Timestamp, SecondsPath, TimestampPath/, hint: /keep Seconds/ },
  { name: 'a Wait with no duration', definition: one({ Type: 'Wait', End: true }), path: ['States', 'A'], message: /says neither how long nor until when to wait/, hint: /Seconds, Timestamp/ },
  { name: 'a Wait Timestamp that is not RFC 3339', definition: one({ Type: 'Wait', Timestamp: '2030-01-01 10:00', End: true }), path: ['States', 'A', 'Timestamp'], message: /Timestamp must be an RFC 3339 time/, hint: /upper-case T and Z/ },
  { name: 'a Wait with negative Seconds', definition: one({ Type: 'Wait', Seconds: -5, End: true }), path: ['States', 'A', 'Seconds'], message: /Seconds must be a whole number of seconds, 0 or more/, hint: /Seconds: 10/ },

  // ---- warnings
  { name: 'a Lambda task without Retry', definition: one(task({ Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f' })), path: ['States', 'A'], message: /Lambda task has no Retry for transient Lambda errors/, hint: /Lambda.ServiceException/, severity: 'warning' },
  { name: 'a waitForTaskToken task without timeouts', definition: one(task({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' })), path: ['States', 'A'], message: /neither TimeoutSeconds nor HeartbeatSeconds/, hint: /add TimeoutSeconds/, severity: 'warning' },
];

BROKEN.push({
  name: 'a Lambda ARN built from pseudo-parameters is a Lambda task too',
  definition: one(task({ Resource: 'arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:${self:service}-hello' })),
  path: ['States', 'A'],
  message: /Lambda task has no Retry/,
  hint: /Lambda.TooManyRequestsException/,
  severity: 'warning',
});
