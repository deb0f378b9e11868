// Valid definitions: the plugin README's samples (Wait, Retry, Parallel, Catch, Choice, Map) as written
// there, and a distributed Map, JSONata, intrinsics and deploy-time values of our own.
import { parse } from 'yaml';

const yaml = (text: string): Record<string, unknown> => parse(text) as Record<string, unknown>;

export const VALID: Record<string, Record<string, unknown>> = {
  wait: yaml(`
Comment: "An example of the Amazon States Language using wait states"
StartAt: FirstState
States:
  FirstState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello, Arn]
    Next: wait_using_seconds
  wait_using_seconds:
    Type: Wait
    Seconds: 10
    Next: wait_using_timestamp
  wait_using_timestamp:
    Type: Wait
    Timestamp: '2015-09-04T01:59:00Z'
    Next: wait_using_timestamp_path
  wait_using_timestamp_path:
    Type: Wait
    TimestampPath: "$.expirydate"
    Next: wait_using_seconds_path
  wait_using_seconds_path:
    Type: Wait
    SecondsPath: "$.expiryseconds"
    Next: FinalState
  FinalState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello, Arn]
    End: true
`),
  retry: yaml(`
Comment: "A Retry example of the Amazon States Language using an AWS Lambda Function"
StartAt: HelloWorld
States:
  HelloWorld:
    Type: Task
    Resource:
      Fn::GetAtt: [hello, Arn]
    Retry:
    - ErrorEquals:
      - HandledError
      IntervalSeconds: 1
      MaxAttempts: 2
      BackoffRate: 2
    - ErrorEquals:
      - States.TaskFailed
      IntervalSeconds: 30
      MaxAttempts: 2
      BackoffRate: 2
    - ErrorEquals:
      - States.ALL
      IntervalSeconds: 5
      MaxAttempts: 5
      BackoffRate: 2
    End: true
`),
  parallel: yaml(`
Comment: "An example of the Amazon States Language using a parallel state to execute two branches at the same time."
StartAt: Parallel
States:
  Parallel:
    Type: Parallel
    Next: Final State
    Branches:
      - StartAt: Wait 20s
        States:
          Wait 20s:
            Type: Wait
            Seconds: 20
            End: true
      - StartAt: Pass
        States:
          Pass:
            Type: Pass
            Next: Wait 10s
          Wait 10s:
            Type: Wait
            Seconds: 10
            End: true
  Final State:
    Type: Pass
    End: true
`),
  catch: yaml(`
Comment: "A Catch example of the Amazon States Language using an AWS Lambda Function"
StartAt: HelloWorld
States:
  HelloWorld:
    Type: Task
    Resource:
      Fn::GetAtt: [hello, Arn]
    Catch:
      - ErrorEquals: ["HandledError"]
        Next: CustomErrorFallback
      - ErrorEquals: ["States.TaskFailed"]
        Next: ReservedTypeFallback
      - ErrorEquals: ["States.ALL"]
        Next: CatchAllFallback
    End: true
  CustomErrorFallback:
    Type: Pass
    Result: "This is a fallback from a custom lambda function exception"
    End: true
  ReservedTypeFallback:
    Type: Pass
    Result: "This is a fallback from a reserved error code"
    End: true
  CatchAllFallback:
    Type: Pass
    Result: "This is a fallback from a reserved error code"
    End: true
`),
  choice: yaml(`
Comment: "An example of the Amazon States Language using a choice state."
StartAt: FirstState
States:
  FirstState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello, Arn]
    Next: ChoiceState
  ChoiceState:
    Type: Choice
    Choices:
      - Variable: "$.foo"
        NumericEquals: 1
        Next: FirstMatchState
      - Variable: "$.foo"
        NumericEquals: 2
        Next: SecondMatchState
    Default: DefaultState
  FirstMatchState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello2, Arn]
    Next: NextState
  SecondMatchState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello3, Arn]
    Next: NextState
  DefaultState:
    Type: Fail
    Cause: "No Matches!"
  NextState:
    Type: Task
    Resource:
      Fn::GetAtt: [hello4, Arn]
    End: true
`),
  map: yaml(`
Comment: "A Map example of the Amazon States Language using an AWS Lambda Function"
StartAt: FirstState
States:
  FirstState:
    Type: Task
    Resource:
      Fn::GetAtt: [entry, Arn]
    Next: mapped_task
  mapped_task:
    Type: Map
    Iterator:
      StartAt: FirstMapTask
      States:
        FirstMapTask:
          Type: Task
          Resource:
            Fn::GetAtt: [mapTask, Arn]
          End: true
    End: true
`),
  'distributed map': yaml(`
StartAt: Process
States:
  Process:
    Type: Map
    Label: Orders
    MaxConcurrency: 100
    ToleratedFailurePercentage: 5
    ItemReader:
      Resource: arn:aws:states:::s3:getObject
      ReaderConfig:
        InputType: CSV
        CSVHeaderLocation: FIRST_ROW
        MaxItems: 1000
      Parameters:
        Bucket: my-bucket
        Key.$: $.key
    ItemBatcher:
      MaxItemsPerBatch: 10
    ItemSelector:
      order.$: $$.Map.Item.Value
      index.$: $$.Map.Item.Index
    ResultWriter:
      Resource: arn:aws:states:::s3:putObject
      Parameters:
        Bucket: my-bucket
        Prefix: results
    ItemProcessor:
      ProcessorConfig:
        Mode: DISTRIBUTED
        ExecutionType: EXPRESS
      StartAt: Handle
      States:
        Handle:
          Type: Task
          Resource: arn:aws:states:::lambda:invoke
          Parameters:
            FunctionName: arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:handle
            Payload.$: $
          Retry:
            - ErrorEquals: [Lambda.ServiceException, Lambda.TooManyRequestsException]
              MaxAttempts: 3
              JitterStrategy: FULL
              MaxDelaySeconds: 30
          End: true
    ResultPath: null
    End: true
`),
  jsonata: yaml(`
QueryLanguage: JSONata
StartAt: Store inputs
States:
  Store inputs:
    Type: Pass
    Next: Get Current Price
    Assign:
      desiredPrice: '{% $states.input.desired_price %}'
      maximumWait: '{% $states.input.max_days %}'
  Get Current Price:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Next: Check Price
    Arguments:
      Payload:
        product: '{% $states.context.Execution.Input.product %}'
      FunctionName: arn:aws:lambda:us-east-1:123456789012:function:priceWatcher:$LATEST
    Assign:
      currentPrice: '{% $states.result.Payload.current_price %}'
    Retry:
      - ErrorEquals: [States.ALL]
    TimeoutSeconds: '{% $maximumWait * 86400 %}'
    Catch:
      - ErrorEquals: [States.ALL]
        Output: '{% $states.errorOutput %}'
        Next: Failed
  Check Price:
    Type: Choice
    Choices:
      - Condition: '{% $currentPrice <= $desiredPrice %}'
        Next: Wait
    Default: Output transformation
  Wait:
    Type: Wait
    Seconds: '{% 60 * 60 %}'
    Next: Each
  Each:
    Type: Map
    Items: '{% $states.input.items %}'
    ItemProcessor:
      StartAt: One
      States:
        One:
          Type: Pass
          Output: '{% $states.input %}'
          End: true
    Next: Output transformation
  Output transformation:
    Type: Succeed
    Output:
      lastName: "{% 'Last=>' & $states.input.customer.lastName %}"
      orderValue: '{% $states.input.order.total %}'
  Failed:
    Type: Fail
    Error: '{% $states.input.Error %}'
`),
  'JSONata state in a JSONPath machine': yaml(`
StartAt: A
States:
  A:
    Type: Pass
    QueryLanguage: JSONata
    Output: '{% $states.input.x %}'
    Next: B
  B:
    Type: Pass
    Parameters:
      y.$: $.x
    ResultPath: $.b
    End: true
`),
  intrinsics: yaml(`
StartAt: A
States:
  A:
    Type: Pass
    Parameters:
      greeting.$: "States.Format('Hello {} from {}', $.name, $$.Execution.Id)"
      list.$: States.Array(1, 'two', $.three, States.UUID())
      parts.$: States.ArrayPartition($.items, 2)
      has.$: States.ArrayContains($.items, $.one)
      range.$: States.ArrayRange(1, 9, 2)
      item.$: States.ArrayGetItem($.items, 0)
      len.$: States.ArrayLength($.items)
      uniq.$: States.ArrayUnique($.items)
      b64.$: States.Base64Encode($.text)
      raw.$: States.Base64Decode($.b64)
      hash.$: States.Hash($.text, 'SHA-256')
      merged.$: States.JsonMerge($.a, $.b, false)
      rnd.$: States.MathRandom(1, 10)
      sum.$: States.MathAdd($.n, -1)
      words.$: States.StringSplit($.text, ' ')
      json.$: States.StringToJson($.s)
      str.$: States.JsonToString($.o)
      var.$: $myVariable
      ctx.$: $$.State.Name
      deep.$: $..price
      filter.$: $.items[?(@.price > 10)]
    Assign:
      total.$: $.total
    ResultPath: $.out
    Next: Fail
  Fail:
    Type: Fail
    ErrorPath: States.Format('E{}', $.code)
    CausePath: $.cause
`),
  'deploy-time values': yaml(`
StartAt: A
States:
  A:
    Type: Task
    Resource: arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:\${AWS::StackName}-x
    TimeoutSeconds: { Ref: Timeout }
    HeartbeatSeconds: { "Fn::FindInMap": [M, a, b] }
    Retry:
      - ErrorEquals: [States.ALL]
        MaxAttempts: { Ref: Attempts }
    Next: W
  W:
    Type: Wait
    Seconds: { Ref: WaitSeconds }
    Next: T
  T:
    Type: Task
    Resource: { Ref: MyActivity }
    Parameters:
      QueueUrl: { Ref: Queue }
      Arn.$: "$.x"
    End: true
`),
};
