/**
 * API Gateway mapping templates (VTL) for the `states:action/*` integration. Kept as plain text here so the
 * tests render them with sample bodies (test/compile/events/vtl.ts) and prove what AWS receives.
 */

/**
 * Body → StartExecution request (the plugin's template). `$input.json('$')` is the body as JSON text;
 * escapeJavaScript makes it a JSON string literal (quotes, backslashes, control and non-ASCII characters escaped),
 * except that it also escapes `'` as `\'`, which JSON forbids: replaceAll puts those back. The execution name
 * is the API Gateway request ID, so a retried request cannot start a second execution.
 */
export const START_EXECUTION_REQUEST = `#set( $body = $util.escapeJavaScript($input.json('$')).replaceAll("\\\\'", "'") )
{"input": "$body", "name": "$context.requestId", "stateMachineArn": "\${StateMachineArn}"}`;

/**
 * StartSyncExecution response → HTTP response: the execution's output as the body when it SUCCEEDED; otherwise
 * a 500 with the whole StartSyncExecution result (status, error, cause, ...) so the caller sees why. The
 * failure body is `$input.json('$')`, always valid JSON (a missing field in `$input.json('$.error')` would not be).
 */
export const SYNC_EXECUTION_RESPONSE = `#set( $status = $input.path('$.status') )
#if( $status == "SUCCEEDED" )
$input.path('$.output')
#else
#set( $context.responseOverride.status = 500 )
$input.json('$')
#end`;

/** The plugin's `request.template: lambda_proxy`: a Lambda-proxy-shaped event as the execution input. */
const LAMBDA_PROXY_REQUEST = `
  #define( $loop )
  {
    #foreach($key in $map.keySet())
      #set( $k = $util.escapeJavaScript($key) )
      #set( $v = $util.escapeJavaScript($map.get($key)).replaceAll("\\\\'", "'") )
      "$k":
        #if ("$v" == "")
          null
        #else
          "$v"
        #end
        #if( $foreach.hasNext ) , #end
    #end
  }
  #end
  #define( $smInput )
  {
    "resource": "$context.resourcePath",
    "path": "$context.path",
    "httpMethod": "$context.httpMethod",
    #set( $map = $input.params().header )
    "headers": $loop,

    #if ($input.params().querystring.size() == 0)
    "queryStringParameters": null,
    #else
    #set( $map = $input.params().querystring )
    "queryStringParameters": $loop,
    #end

    #if ($input.params().path.size() == 0)
    "pathParameters": null,
    #else
    #set( $map = $input.params().path )
    "pathParameters": $loop,
    #end

    #if ($stageVariables.size() == 0)
    "stageVariables": null,
    #else
    #set( $map = $stageVariables )
    "stageVariables": $loop,
    #end

    "requestContext": {
      "resourceId": "$context.resourceId",
      "resourcePath": "$context.resourcePath",
      "httpMethod": "$context.httpMethod",
      "extendedRequestId": "$context.extendedRequestId",
      "requestTime": "$context.requestTime",
      "path": "$context.path",
      "accountId": "\${AccountId}",
      "protocol": "$context.protocol",
      "stage": "$context.stage",
      "domainPrefix": "$context.domainPrefix",
      "requestTimeEpoch": $context.requestTimeEpoch,
      "requestId": "$context.requestId",
      #set( $map = $context.identity )
      "identity": $loop,
      "domainName": "$context.domainName",
      #set( $map = $context.authorizer )
      "authorizer": $loop,
      "apiId": "$context.apiId"
    },
    "body": "$util.escapeJavaScript("$body").replaceAll("\\\\'", "'")",
    "isBase64Encoded": false
  }
  #end
  {
    "input": "$util.escapeJavaScript("$smInput").replaceAll("\\\\'", "'")",
    "name":"$context.requestId",
    "stateMachineArn":"\${StateMachineArn}"
  }`;

const LAMBDA_PROXY_JSON = `
  #set( $body = $input.body )
  ${LAMBDA_PROXY_REQUEST}`;

const LAMBDA_PROXY_FORM = `
  #define( $body )
    {
    #foreach( $token in $input.path('$').split('&') )
      #set( $keyVal = $token.split('=') )
      #set( $keyValSize = $keyVal.size() )
      #if( $keyValSize >= 1 )
        #set( $key = $util.escapeJavaScript($util.urlDecode($keyVal[0])) )
        #if( $keyValSize >= 2 )
          #set($val = $util.escapeJavaScript($util.urlDecode($keyVal[1])).replaceAll("\\\\'","'"))
        #else
          #set( $val = '' )
        #end
        "$key": "$val"#if($foreach.hasNext),#end
      #end
    #end
    }
  #end
  ${LAMBDA_PROXY_REQUEST}`;

export const JSON_TYPE = 'application/json';
export const FORM_TYPE = 'application/x-www-form-urlencoded';

type Sub = { 'Fn::Sub': [string, Record<string, unknown>] };

/** `target` is what the method starts (events/common.ts startTarget). */
export function defaultRequestTemplates(target: unknown): Record<string, Sub> {
  const t: Sub = { 'Fn::Sub': [START_EXECUTION_REQUEST, { StateMachineArn: target }] };
  return { [JSON_TYPE]: t, [FORM_TYPE]: structuredClone(t) };
}

export function lambdaProxyRequestTemplates(target: unknown): Record<string, Sub> {
  const vars = () => ({ StateMachineArn: structuredClone(target), AccountId: { Ref: 'AWS::AccountId' } });
  return {
    [JSON_TYPE]: { 'Fn::Sub': [LAMBDA_PROXY_JSON, vars()] },
    [FORM_TYPE]: { 'Fn::Sub': [LAMBDA_PROXY_FORM, vars()] },
  };
}

/** The OPTIONS preflight's MOCK integration request. */
export const MOCK_REQUEST = '{statusCode:200}';
