import { describe, expect, it } from 'vitest';
import { checkProvider } from '../../../src/config/schema/index.js';
import { formatPath } from '../../../src/errors.js';
import { checkMachine, M, summary, y } from './helpers.js';

const E = `${M}.events[0].httpApi`;

describe('httpApi events (schema)', () => {
  it('accepts the issue\'s forms: method and path, sync, action: stop, authorizer name/scopes, aws_iam, input and name mappings, the string form and "*"', () => {
    const r = checkMachine({
      type: 'EXPRESS',
      events: y(`
- httpApi: { method: POST, path: /orders }
- httpApi: { method: POST, path: /quote, sync: true }
- httpApi: { method: DELETE, path: /orders, action: stop, executionArn: $request.querystring.arn }
- httpApi: { method: POST, path: /admin, authorizer: { name: cognito, scopes: [admin] } }
- httpApi: { method: PUT, path: /iam, authorizer: { type: aws_iam } }
- httpApi:
    method: GET
    path: /orders/{id}
    name: order-\${request.path.id}
    input: { id: $request.path.id, q: $request.querystring.q, n: 1, deep: { ok: true, ip: $context.identity.sourceIp } }
- httpApi: 'GET /files/{proxy+}'
- httpApi: '*'
`),
    });
    expect(r.diagnostics).toEqual([]);
  });

  it('a path without a leading slash, an empty segment, a greedy parameter not last, and a bad method in the string form are errors with hints', () => {
    const r = checkMachine({
      events: [
        { httpApi: { method: 'POST', path: 'orders' } },
        { httpApi: { method: 'POST', path: '/orders//x' } },
        { httpApi: { method: 'POST', path: '/a/{rest+}/b' } },
        { httpApi: 'FETCH /orders' },
        { httpApi: 'POST orders' },
      ],
    });
    expect(summary(r.diagnostics)).toEqual([
      `error invalid-path ${M}.events[0].httpApi.path`,
      `error invalid-path ${M}.events[1].httpApi.path`,
      `error invalid-path ${M}.events[2].httpApi.path`,
      `error invalid-value ${M}.events[3].httpApi`,
      `error invalid-path ${M}.events[4].httpApi`,
    ]);
    expect(r.diagnostics[3].message).toBe('"FETCH" is not an HTTP method');
    expect(r.diagnostics[4].hint).toBe('HTTP API paths start with a slash: path: /orders');
    expect(r.diagnostics[0].hint).toBe('HTTP API paths start with a slash: path: /orders');
    expect(r.diagnostics[2].hint).toMatch(/put it last/);
  });

  it('an unknown request source in input or name is an error at that key; unknown event keys get a did-you-mean', () => {
    const r = checkMachine({ events: [{ httpApi: { method: 'POST', path: '/a', input: { x: { y: '$request.pth.id' } }, nmae: '$context.requestId' } }] });
    expect(summary(r.diagnostics)).toEqual([`error invalid-mapping ${E}.input.x.y`, `error unknown-key ${E}.nmae`]);
    expect(r.diagnostics[0].message).toBe('$request.pth.id is not a request value');
    expect(r.diagnostics[1].hint).toBe('did you mean "name"?');
  });

  it('action takes start or stop only', () => {
    const r = checkMachine({ events: [{ httpApi: { method: 'POST', path: '/a', action: 'StopExecution' } }] });
    expect(summary(r.diagnostics)).toEqual([`error invalid-value ${E}.action`]);
  });
});

describe('provider.httpApi and provider.logs.httpApi (schema)', () => {
  it('accepts every key the Serverless Framework takes', () => {
    const r = checkProvider(
      y(`
httpApi:
  name: shop
  shouldStartNameWithService: true
  payload: '2.0'
  disableDefaultEndpoint: false
  metrics: true
  cors:
    allowedOrigins: [https://a.example]
    allowedHeaders: Content-Type
    allowedMethods: [GET, POST]
    allowCredentials: true
    exposedResponseHeaders: [X-Id]
    maxAge: 600
  authorizers:
    cognito: { type: jwt, identitySource: $request.header.Authorization, issuerUrl: https://issuer, audience: [c1] }
    custom: { type: request, functionName: auth, resultTtlInSeconds: 0, enableSimpleResponses: true, payloadVersion: '2.0' }
logs:
  httpApi: { format: '$context.requestId' }
  restApi: true
`),
    );
    expect(r.diagnostics).toEqual([]);
  });

  it('an authorizer that cannot work is an error at its key, whether or not a route uses it (as Serverless checks every one)', () => {
    const r = checkProvider(
      y(`
httpApi:
  authorizers:
    neither: { type: request }
    both: { type: request, functionName: auth, functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:a' }
    cached: { type: request, functionName: auth, resultTtlInSeconds: 300 }
    simple: { type: request, functionName: auth, identitySource: $request.header.X, enableSimpleResponses: true, payloadVersion: '1.0' }
    jwt: { type: jwt, identitySource: $request.header.Authorization }
    bare: { issuerUrl: https://issuer }
`),
    );
    const A = 'provider.httpApi.authorizers';
    expect(r.diagnostics.map((d) => [formatPath(d.path ?? []), d.code, d.message])).toEqual([
      [`${A}.neither`, 'missing-key', 'the request authorizer "neither" needs exactly one of functionName and functionArn'],
      [`${A}.both`, 'missing-key', 'the request authorizer "both" needs exactly one of functionName and functionArn'],
      [`${A}.cached.resultTtlInSeconds`, 'missing-key', 'authorizer "cached" caches results (resultTtlInSeconds) but has no identitySource to cache them by'],
      [`${A}.simple.enableSimpleResponses`, 'invalid-event', 'simple responses need payloadVersion 2.0'],
      [`${A}.jwt.issuerUrl`, 'missing-key', 'the JWT authorizer "jwt" needs issuerUrl and audience'],
      [`${A}.bare.identitySource`, 'missing-key', 'the JWT authorizer "bare" needs identitySource and audience'],
    ]);
    expect(r.diagnostics.map((d) => d.hint)).toEqual([
      'functionName: a function of this service, or functionArn: the ARN of one elsewhere',
      'functionName: a function of this service, or functionArn: the ARN of one elsewhere',
      'add identitySource: $request.header.Authorization, or set resultTtlInSeconds: 0',
      'remove enableSimpleResponses, or set payloadVersion: "2.0"',
      'e.g. identitySource: $request.header.Authorization, issuerUrl: https://cognito-idp.<region>.amazonaws.com/<pool>, audience: [<client id>]',
      'e.g. identitySource: $request.header.Authorization, issuerUrl: https://cognito-idp.<region>.amazonaws.com/<pool>, audience: [<client id>]',
    ]);
  });

  it('a misspelt key of provider.httpApi or of an authorizer is an error with a did-you-mean', () => {
    const r = checkProvider({ httpApi: { cros: true, authorizers: { a: { type: 'jwt', issuerURL: 'x' } } } });
    const byPath = [...r.diagnostics].sort((a, b) => String(a.path).localeCompare(String(b.path)));
    expect(summary(byPath)).toEqual(['error unknown-key provider.httpApi.authorizers.a.issuerURL', 'error unknown-key provider.httpApi.cros']);
    expect(byPath.map((d) => d.hint)).toEqual(['did you mean "issuerUrl"?', 'did you mean "cors"?']);
  });
});
