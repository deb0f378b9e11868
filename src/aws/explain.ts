// Turns an SDK error into an AwsError a person can act on: one line saying what went wrong, one saying what to do.
import { AwsError } from '../errors.js';

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
  $retryable?: unknown;
}

function shape(err: unknown): SdkErrorShape {
  return (err && typeof err === 'object' ? err : { message: String(err) }) as SdkErrorShape;
}

export function errorName(err: unknown): string {
  const e = shape(err);
  return e.name ?? e.code ?? e.Code ?? 'Error';
}

/** The service's own message; when the SDK could not parse the body (some emulators answer JSON or HTML), read it raw. */
export function errorMessage(err: unknown): string {
  const msg = shape(err).message ?? String(err);
  if (!/parse error|Deserialization error/i.test(msg)) return msg;
  const raw = (err as { $responseBodyText?: string; $response?: { body?: unknown } }).$responseBodyText ?? (err as { $response?: { body?: unknown } }).$response?.body;
  if (typeof raw !== 'string' || !raw) return msg;
  try {
    const j = JSON.parse(raw) as { message?: string; Message?: string };
    if (j.message ?? j.Message) return (j.message ?? j.Message) as string;
  } catch {
    // not JSON
  }
  const xml = /<Message>([\s\S]*?)<\/Message>/.exec(raw)?.[1];
  if (xml) return xml;
  const text = raw.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return text ? text.slice(0, 300) : msg;
}

const THROTTLE = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown', 'ProvisionedThroughputExceededException']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const BAD_CREDS = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidAccessKeyId', 'AuthFailure']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'TimeoutError', 'NetworkingError', 'RequestTimeout']);

/** Wraps any error from an AWS call; StepfErrors and already-explained errors pass through. */
export function explainAwsError(err: unknown, operation: string, ctx: { region?: string; profile?: string } = {}): Error {
  if (err instanceof AwsError) return err;
  if (err instanceof Error && 'exitCode' in err) return err;
  const e = shape(err);
  const name = errorName(err);
  const msg = errorMessage(err);
  const attempts = e.$metadata?.attempts;
  const profile = ctx.profile ? ` --profile ${ctx.profile}` : '';

  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to load credentials|credential.*not found/i.test(msg)) {
    return new AwsError('no AWS credentials found', operation, `set AWS_PROFILE or pass --profile, run \`aws configure\` or \`aws sso login${profile}\`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY`);
  }
  if (EXPIRED.has(name) || /token.*expired|expired.*token/i.test(msg)) {
    return new AwsError(`the AWS credentials have expired (${name})`, operation, `refresh them (\`aws sso login${profile}\`, or new session credentials) and run again`);
  }
  if (BAD_CREDS.has(name)) {
    return new AwsError(`AWS did not accept the credentials (${name})`, operation, 'check which access key is in use (`aws sts get-caller-identity`), and that it is active in this account');
  }
  if (DENIED.has(name) || /not authorized to perform/i.test(msg)) {
    return new AwsError(`access denied: ${msg}`, operation, 'grant this identity the action named above (or deploy with --role-arn / provider.iam.deploymentRole, a CloudFormation service role that has it)');
  }
  if (THROTTLE.has(name) || /rate exceeded/i.test(msg)) {
    return new AwsError(`AWS throttled the request${attempts ? ` (${attempts} attempts)` : ''}: ${msg}`, operation, 'other tools are calling this API in the same account; wait a minute and run again (AWS_MAX_ATTEMPTS raises the SDK retries)');
  }
  if (name === 'Region is missing' || /Region is missing/i.test(msg)) {
    return new AwsError('no AWS region', operation, 'pass --region, set provider.region, or set AWS_REGION');
  }
  if (e.$metadata?.httpStatusCode === 403 && /^Unknown/.test(name)) {
    return new AwsError('access denied (HTTP 403)', operation, 'grant this identity the permission for this call, or check the bucket or resource policy');
  }
  const code = (err as { code?: string })?.code;
  if (NETWORK.has(name) || (code && NETWORK.has(code)) || /ECONNREFUSED|ENOTFOUND|socket hang up|getaddrinfo/i.test(msg)) {
    const endpoint = process.env.AWS_ENDPOINT_URL ? ` (AWS_ENDPOINT_URL=${process.env.AWS_ENDPOINT_URL})` : '';
    return new AwsError(`could not reach AWS${endpoint}: ${msg}`, operation, 'check the network (proxy, VPN) and the endpoint, then run again; the next deploy picks up where the stack is');
  }
  return new AwsError(msg || name, operation, undefined);
}

/** Runs one AWS call and explains its failure. */
export async function call<T>(operation: string, fn: () => Promise<T>, ctx?: { region?: string; profile?: string }): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw explainAwsError(err, operation, ctx);
  }
}
