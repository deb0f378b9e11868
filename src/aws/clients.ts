// The only place AWS SDK clients are made. Each client module is imported on first use, so a command
// pays only for the services it calls. Credentials, region defaults and the endpoint come from the
// SDK's standard chain (env, shared config/SSO, AWS_ENDPOINT_URL[_<SERVICE>], endpoint_url in a profile);
// stepf adds only the region it resolved, the profile, and a middleware that counts and logs calls.
import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { STSClient } from '@aws-sdk/client-sts';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

export interface AwsCallRecord {
  service: string;
  operation: string;
  ms: number;
  ok: boolean;
  attempts?: number;
}

export interface AwsOptions {
  region: string;
  /** --profile, else provider.profile; undefined lets the SDK read AWS_PROFILE / default. */
  profile?: string;
  /** Called once per API call when --verbose is on. */
  log?: (line: string) => void;
}

type Middlewared = { middlewareStack: { add: (mw: unknown, opts: { step: 'initialize'; name: string }) => void } };

/** True when the user pointed the SDK at an S3-compatible endpoint (moto, MinIO, LocalStack ...). */
export function customS3Endpoint(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL);
}

/** True when the user pointed the SDK at their own Step Functions endpoint. */
export function customSfnEndpoint(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ENDPOINT_URL_SFN || env.AWS_ENDPOINT_URL);
}

/**
 * A dynamically imported CommonJS module: bundled by esbuild with code splitting it arrives as
 * `{ default: module.exports }`; run unbundled (tests) its exports are named. Accept both.
 */
function interop<T extends object>(mod: T): T {
  return (mod as { default?: T }).default ?? mod;
}

/**
 * Each service's SDK module (its client and command classes), imported on first use. Call sites take
 * their command classes from it beside the send (`const { GetObjectCommand } = await sdk.s3();`): a
 * static import would load the whole client with every command that imports the file.
 */
export const sdk = {
  cloudFormation: async () => interop(await import('@aws-sdk/client-cloudformation')),
  stepFunctions: async () => interop(await import('@aws-sdk/client-sfn')),
  s3: async () => interop(await import('@aws-sdk/client-s3')),
  apiGateway: async () => interop(await import('@aws-sdk/client-api-gateway')),
  ssm: async () => interop(await import('@aws-sdk/client-ssm')),
  sts: async () => interop(await import('@aws-sdk/client-sts')),
  cloudWatchLogs: async () => interop(await import('@aws-sdk/client-cloudwatch-logs')),
};

export class AwsClients {
  readonly region: string;
  readonly profile?: string;
  readonly calls: AwsCallRecord[] = [];
  /** Where --verbose call lines go; `stepf watch` points it at each deploy's progress in turn. */
  log?: (line: string) => void;
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(opts: AwsOptions) {
    // The SDK warns on every run under Node 20 about its own future releases; stepf pins its SDK version,
    // so the warning is for stepf's maintainers, not for the person deploying. Their own setting wins.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    this.region = opts.region;
    this.profile = opts.profile;
    this.log = opts.log;
  }

  /** Number of API calls made so far (each counted once, whatever the SDK's retries). */
  get callCount(): number {
    return this.calls.length;
  }

  private base(): { region: string; profile?: string } {
    return this.profile ? { region: this.region, profile: this.profile } : { region: this.region };
  }

  private lazy<T>(key: string, make: () => Promise<T>): Promise<T> {
    let p = this.made.get(key) as Promise<T> | undefined;
    if (!p) {
      p = make().then((client) => {
        this.instrument(key, client as unknown as Middlewared);
        return client;
      });
      this.made.set(key, p);
    }
    return p;
  }

  private instrument(service: string, client: Middlewared): void {
    const calls = this.calls;
    const mw =
      (next: (args: unknown) => Promise<{ output?: { $metadata?: { attempts?: number } } }>, context: { commandName?: string }) =>
      async (args: unknown) => {
        const started = Date.now();
        const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        const rec: AwsCallRecord = { service, operation, ms: 0, ok: false };
        calls.push(rec);
        try {
          const out = await next(args);
          rec.ok = true;
          rec.attempts = out.output?.$metadata?.attempts;
          return out;
        } catch (err) {
          rec.attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts;
          throw err;
        } finally {
          rec.ms = Date.now() - started;
          const log = this.log;
          if (log) {
            const tries = rec.attempts && rec.attempts > 1 ? `, ${rec.attempts} attempts` : '';
            log(`aws #${calls.indexOf(rec) + 1} ${service}:${operation} ${rec.ok ? 'ok' : 'error'} (${rec.ms} ms${tries})`);
          }
        }
      };
    client.middlewareStack.add(mw, { step: 'initialize', name: 'stepfCallLog' });
  }

  cloudFormation(): Promise<CloudFormationClient> {
    return this.lazy('cloudformation', async () => {
      const { CloudFormationClient } = await sdk.cloudFormation();
      return new CloudFormationClient(this.base());
    });
  }

  stepFunctions(): Promise<SFNClient> {
    return this.lazy('states', async () => {
      const { SFNClient } = await sdk.stepFunctions();
      // StartSyncExecution goes to the `sync-` host prefix of the AWS endpoint; a custom endpoint (an emulator
      // on 127.0.0.1, LocalStack) has no such host, so send it to the endpoint as given.
      return new SFNClient({ ...this.base(), disableHostPrefix: customSfnEndpoint() });
    });
  }

  s3(): Promise<S3Client> {
    return this.lazy('s3', async () => {
      const { S3Client } = await sdk.s3();
      // Virtual-hosted addressing needs DNS for <bucket>.<host>, which an S3-compatible endpoint on an IP
      // or localhost does not have; path style is the documented setting for those endpoints.
      return new S3Client({ ...this.base(), forcePathStyle: customS3Endpoint() });
    });
  }

  apiGateway(): Promise<APIGatewayClient> {
    return this.lazy('apigateway', async () => {
      const { APIGatewayClient } = await sdk.apiGateway();
      return new APIGatewayClient(this.base());
    });
  }

  ssm(region?: string): Promise<SSMClient> {
    const r = region ?? this.region;
    return this.lazy(`ssm:${r}`, async () => {
      const { SSMClient } = await sdk.ssm();
      return new SSMClient({ ...this.base(), region: r });
    });
  }

  sts(): Promise<STSClient> {
    return this.lazy('sts', async () => {
      const { STSClient } = await sdk.sts();
      return new STSClient(this.base());
    });
  }

  cloudWatchLogs(): Promise<CloudWatchLogsClient> {
    return this.lazy('logs', async () => {
      const { CloudWatchLogsClient } = await sdk.cloudWatchLogs();
      return new CloudWatchLogsClient(this.base());
    });
  }

  /** A summary line for --verbose: total calls and the count per operation (those from the `from`th call on). */
  summary(from = 0): string {
    const calls = this.calls.slice(from);
    const per = new Map<string, number>();
    for (const c of calls) per.set(`${c.service}:${c.operation}`, (per.get(`${c.service}:${c.operation}`) ?? 0) + 1);
    const parts = [...per].map(([k, n]) => `${k} ${n}`).join(', ');
    return `${calls.length} AWS API call${calls.length === 1 ? '' : 's'}${parts ? ` (${parts})` : ''}`;
  }
}
