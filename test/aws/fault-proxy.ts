// An HTTP proxy in front of moto that answers chosen calls itself: throttling, expired tokens, access
// denied, dropped connections. It proves what moto cannot produce, through the real SDK retry stack.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An error, a dropped connection, or (`json`) a successful answer of a JSON-protocol service such as Step Functions. */
export type Fault = { status: number; code: string; message: string } | { status: number; json: unknown } | 'reset';
/**
 * Decides per request: undefined passes it to moto. `n` counts earlier requests with the same action; `body` is
 * the request's. A promise holds the request until it settles (to see what the CLI does meanwhile).
 */
export type FaultRule = (action: string, n: number, body: string) => Fault | undefined | Promise<Fault | undefined>;

function actionOf(req: IncomingMessage, body: string): string {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return target.split('.').pop() ?? target;
  return new URLSearchParams(body).get('Action') ?? `${req.method} ${req.url}`;
}

export async function startFaultProxy(
  upstream: string,
): Promise<{ endpoint: string; rule: FaultRule; setRule(r: FaultRule): void; seen: string[]; connections(): number; close(): Promise<void> }> {
  const counts = new Map<string, number>();
  const seen: string[] = [];
  let rule: FaultRule = () => undefined;
  const target = new URL(upstream);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const action = actionOf(req, body.toString());
      const n = counts.get(action) ?? 0;
      counts.set(action, n + 1);
      seen.push(action);
      const fault = await rule(action, n, body.toString());
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault && 'json' in fault) {
        res.writeHead(fault.status, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify(fault.json));
        return;
      }
      if (fault) {
        res.writeHead(fault.status, { 'content-type': 'text/xml' });
        res.end(`<ErrorResponse><Error><Type>Sender</Type><Code>${fault.code}</Code><Message>${fault.message}</Message></Error><RequestId>fault-1</RequestId></ErrorResponse>`);
        return;
      }
      const up = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (r) => {
          // moto's `connection: close` is for the proxy's own request, not passed on to the client.
          const { connection: _c, 'keep-alive': _k, ...headers } = r.headers;
          res.writeHead(r.statusCode ?? 500, headers);
          r.pipe(res);
        },
      );
      up.on('error', () => res.destroy());
      up.end(body);
    });
  });
  // Client connections, kept open between requests as AWS's endpoints keep them (moto closes each after one answer).
  let connections = 0;
  server.on('connection', () => connections++);
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get rule() {
      return rule;
    },
    setRule(r) {
      rule = r;
      counts.clear();
      seen.length = 0;
    },
    seen,
    connections: () => connections,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
