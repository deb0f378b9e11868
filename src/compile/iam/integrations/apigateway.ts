import { A, P, R, type Piece, selectPart, sub } from '../arn.js';
import type { Handler } from '../types.js';
import type { Val } from '../values.js';

const DYN: Val = { kind: 'dynamic' };
const HOST = /^([^./]+)\.execute-api\.([^./]+)\.amazonaws\.com(?:\.cn)?\/?$/;

/** The API ID and region of an `ApiEndpoint` (`<id>.execute-api.<region>.amazonaws.com`), in any form. */
function endpointParts(v: Val): { api: Piece; region: Piece; account: Piece } {
  if (v.kind === 'text') {
    const m = HOST.exec(v.text.replace(/^https:\/\//, ''));
    // An API ID names one API: the owner's account need not be ours (and is not in the hostname).
    if (m) return { api: m[1], region: m[2], account: '*' };
  }
  if (v.kind === 'ref') return { api: selectPart(v.value, '.', 0), region: selectPart(v.value, '.', 2), account: '*' };
  return { api: DYN, region: R, account: A };
}

const text = (v: Val, fallback: string): Piece => (v.kind === 'text' ? v.text : v.kind === 'absent' ? fallback : DYN);

/**
 * apigateway:invoke: with `AuthType: IAM_ROLE` Step Functions signs the request with the machine's role, so
 * the role needs execute-api:Invoke on `<api>/<stage>/<METHOD>/<path>`. NO_AUTH (the default) and
 * RESOURCE_POLICY calls are not authorized by the role's policy: nothing to grant.
 */
export const apigatewayInvoke: Handler = (t) => {
  const auth = t.params.get('AuthType');
  if (auth.kind === 'absent' || (auth.kind === 'text' && !/^IAM_(ROLE|AUTH)$/.test(auth.text))) return [];
  const { api, region, account } = endpointParts(t.params.get('ApiEndpoint'));
  const method = t.params.get('Method');
  const path = t.params.get('Path');
  const pathPiece: Piece = path.kind === 'text' ? path.text.replace(/^\/+/, '') : path.kind === 'absent' ? '' : DYN;
  const resource = sub(
    `arn:${P}:execute-api:`,
    region,
    ':',
    account,
    ':',
    api,
    '/',
    // An HTTP API's default stage is `$default` in its ARNs.
    text(t.params.get('Stage'), '$default'),
    '/',
    method.kind === 'text' ? method.text.toUpperCase() : DYN,
    '/',
    pathPiece,
  );
  return [{ actions: ['execute-api:Invoke'], resources: [resource] }];
};
