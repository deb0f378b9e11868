/**
 * Which fields each state type takes, per query language (the AWS developer guide's state pages and
 * the ASL specification). Step Functions rejects any other field (SCHEMA_VALIDATION_FAILED). The one
 * table validate/ checks definitions against and local/ runs them by.
 */

export type Language = 'JSONPath' | 'JSONata';

export const STATE_TYPES = ['Task', 'Pass', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = (typeof STATE_TYPES)[number];

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const FLOW = ['Next', 'End'];
const IO_PATH = ['InputPath', 'OutputPath'];

type FieldTable = Record<StateType, { JSONPath: string[]; JSONata: string[] }>;

export const FIELDS: FieldTable = {
  Task: {
    JSONPath: [...COMMON, ...FLOW, ...IO_PATH, 'Resource', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials', 'Assign'],
    JSONata: [...COMMON, ...FLOW, 'Resource', 'Arguments', 'Output', 'Assign', 'Retry', 'Catch', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
  },
  Pass: {
    JSONPath: [...COMMON, ...FLOW, ...IO_PATH, 'Parameters', 'Result', 'ResultPath', 'Assign'],
    // Result is JSONPath only (developer guide, "Pass workflow state"); a JSONata Pass gives its value as Output.
    JSONata: [...COMMON, ...FLOW, 'Output', 'Assign'],
  },
  Choice: {
    JSONPath: [...COMMON, ...IO_PATH, 'Choices', 'Default', 'Assign'],
    JSONata: [...COMMON, 'Choices', 'Default', 'Output', 'Assign'],
  },
  Wait: {
    JSONPath: [...COMMON, ...FLOW, ...IO_PATH, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
    JSONata: [...COMMON, ...FLOW, 'Seconds', 'Timestamp', 'Output', 'Assign'],
  },
  Succeed: {
    JSONPath: [...COMMON, ...IO_PATH],
    JSONata: [...COMMON, 'Output'],
  },
  Fail: {
    JSONPath: [...COMMON, 'Error', 'ErrorPath', 'Cause', 'CausePath'],
    JSONata: [...COMMON, 'Error', 'Cause'],
  },
  Parallel: {
    JSONPath: [...COMMON, ...FLOW, ...IO_PATH, 'Branches', 'Parameters', 'ResultSelector', 'ResultPath', 'Retry', 'Catch', 'Assign'],
    JSONata: [...COMMON, ...FLOW, 'Branches', 'Arguments', 'Output', 'Assign', 'Retry', 'Catch'],
  },
  Map: {
    JSONPath: [
      ...COMMON, ...FLOW, ...IO_PATH, 'ItemProcessor', 'Iterator', 'ItemsPath', 'ItemSelector', 'Parameters', 'ItemReader', 'ItemBatcher',
      'ResultWriter', 'ResultSelector', 'ResultPath', 'MaxConcurrency', 'MaxConcurrencyPath', 'ToleratedFailureCount', 'ToleratedFailureCountPath',
      'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'Label', 'Retry', 'Catch', 'Assign',
    ],
    JSONata: [
      ...COMMON, ...FLOW, 'ItemProcessor', 'Iterator', 'Items', 'ItemSelector', 'ItemReader', 'ItemBatcher', 'ResultWriter', 'MaxConcurrency',
      'ToleratedFailureCount', 'ToleratedFailurePercentage', 'Label', 'Output', 'Assign', 'Retry', 'Catch',
    ],
  },
};

/** Fields of one language and what the other language uses instead (for the hint). */
export const JSONPATH_ONLY: Record<string, string> = {
  InputPath: 'read the input as $states.input inside {% %} expressions',
  OutputPath: 'shape the output with Output',
  Parameters: 'use Arguments (Map: ItemSelector)',
  Result: 'give the fixed value as Output',
  ResultSelector: 'shape the result with Output ($states.result)',
  ResultPath: 'combine input and result with Output, or keep values with Assign',
  ItemsPath: 'use Items: "{% $states.input.items %}"',
  TimeoutSecondsPath: 'use TimeoutSeconds: "{% ... %}"',
  HeartbeatSecondsPath: 'use HeartbeatSeconds: "{% ... %}"',
  SecondsPath: 'use Seconds: "{% ... %}"',
  TimestampPath: 'use Timestamp: "{% ... %}"',
  ErrorPath: 'use Error: "{% ... %}"',
  CausePath: 'use Cause: "{% ... %}"',
  MaxConcurrencyPath: 'use MaxConcurrency: "{% ... %}"',
  ToleratedFailureCountPath: 'use ToleratedFailureCount: "{% ... %}"',
  ToleratedFailurePercentagePath: 'use ToleratedFailurePercentage: "{% ... %}"',
};

export const JSONATA_ONLY: Record<string, string> = {
  Arguments: 'use Parameters, or set QueryLanguage: JSONata',
  Output: 'use OutputPath/ResultSelector, or set QueryLanguage: JSONata',
  Items: 'use ItemsPath, or set QueryLanguage: JSONata',
};

const ALL_FIELDS = Object.fromEntries(STATE_TYPES.map((t) => [t, [...new Set([...FIELDS[t].JSONPath, ...FIELDS[t].JSONata])]])) as Record<StateType, string[]>;
const FIELD_SETS = Object.fromEntries(
  STATE_TYPES.map((t) => [t, { JSONPath: new Set(FIELDS[t].JSONPath), JSONata: new Set(FIELDS[t].JSONata) }]),
) as Record<StateType, Record<Language, Set<string>>>;

/** Every field of a state type, in either language. */
export function allFieldsOf(type: StateType): readonly string[] {
  return ALL_FIELDS[type];
}

export function fieldsFor(type: StateType, lang: Language): ReadonlySet<string> {
  return FIELD_SETS[type][lang];
}

export const TOP_LEVEL_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
export const BRANCH_FIELDS = ['Comment', 'StartAt', 'States'];
export const PROCESSOR_FIELDS = ['Comment', 'StartAt', 'States', 'ProcessorConfig'];

/** The fields of a Choice rule besides its test (JSONPath: Variable and one operator; JSONata: Condition). */
export const CHOICE_RULE_FIELDS: Record<Language, readonly string[]> = {
  JSONPath: ['Variable', 'Next', 'Assign', 'Comment'],
  JSONata: ['Condition', 'Next', 'Assign', 'Output', 'Comment'],
};

export const RETRY_FIELDS = ['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate', 'MaxDelaySeconds', 'JitterStrategy', 'Comment'];
export const CATCH_FIELDS = { JSONPath: ['ErrorEquals', 'Next', 'ResultPath', 'Assign', 'Comment'], JSONata: ['ErrorEquals', 'Next', 'Output', 'Assign', 'Comment'] };

/** Error names Step Functions itself raises (the developer guide's "Error names"). */
export const STATES_ERRORS = [
  'States.ALL', 'States.DataLimitExceeded', 'States.ExceedToleratedFailureThreshold', 'States.HeartbeatTimeout', 'States.Http.Socket',
  'States.IntrinsicFailure', 'States.ItemReaderFailed', 'States.NoChoiceMatched', 'States.ParameterPathFailure', 'States.Permissions',
  'States.ResultPathMatchFailure', 'States.ResultWriterFailed', 'States.Runtime', 'States.TaskFailed', 'States.Timeout',
  'States.BranchFailed', 'States.QueryEvaluationError',
];
