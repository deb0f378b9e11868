/**
 * A `resources:` authorizer that a state machine's http method names (`authorizer: {type, authorizerId:
 * !Ref ApiGatewayAuthorizer}`, the plugin's documented shared-authorizer setup) serves that method's REST API.
 * When stepf's stack makes the API, the authorizer goes with it into stepf's stack: left in the Serverless
 * stack it would reach stepf's method as a Parameter, the ID of an authorizer of another API, which
 * API Gateway takes at deploy time and fails on at run time. When it cannot go (it serves the functions' API
 * too, or names another API), stepf refuses with the fix. With `provider.apiGateway.restApiId` the methods
 * join that API, whose authorizer it is: then the Parameter is right and nothing here applies.
 */
import type { Diagnostic } from '../errors.js';
import type { MachineModel, ResourcesModel } from './model.js';
import { deploymentAlarmIds } from './versions.js';
import { REST_API_LOGICAL_ID } from './naming.js';
import { chooseResources, referencedIds, type ResourceChoice } from './resources.js';
import { unreadableServing } from './serving.js';

type Path = Array<string | number>;

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** Logical IDs that machines' http events name as `authorizer.authorizerId` (Ref or GetAtt), with where. */
export function machineAuthorizerRefs(machines: MachineModel[]): Map<string, Path> {
  const out = new Map<string, Path>();
  for (const m of machines) {
    (m.events ?? []).forEach((e, i) => {
      const auth = typeof e.http === 'object' ? e.http.authorizer : undefined;
      if (!isObject(auth) || auth.authorizerId === undefined) return;
      for (const id of referencedIds(auth.authorizerId)) {
        if (!out.has(id)) out.set(id, ['stepFunctions', 'stateMachines', m.key, 'events', i, 'http', 'authorizer', 'authorizerId']);
      }
    });
  }
  return out;
}

export interface ServingCheck {
  /** Authorizers that go into stepf's stack with its API. */
  take: Set<string>;
  errors: Diagnostic[];
}

/**
 * Which of the named authorizers stepf's stack takes, and why the others cannot be used. `stayingUsers` are
 * the config parts that stay with the Serverless stack (functions' bodies, resources that stay), by path.
 */
export function servingAuthorizers(input: {
  refs: Map<string, Path>;
  resources: ResourcesModel;
  sharedApi: boolean;
  stayingUsers: Array<{ path: Path; value: unknown }>;
}): ServingCheck {
  const out: ServingCheck = { take: new Set(), errors: [] };
  if (input.sharedApi) return out;
  for (const [id, path] of input.refs) {
    const res = input.resources.Resources?.[id];
    if (!res || res.Type !== 'AWS::ApiGateway::Authorizer') continue;
    const props = isObject(res.Properties) ? res.Properties : {};
    const api = props.RestApiId;
    const ownApi = isObject(api) && Object.keys(api).length === 1 && api.Ref === REST_API_LOGICAL_ID;
    if (!ownApi) {
      out.errors.push({
        severity: 'error',
        code: 'authorizer-of-another-api',
        message: `the authorizer ${id} belongs to the REST API ${JSON.stringify(api)}, but this method is on stepf's own REST API (${REST_API_LOGICAL_ID}): API Gateway would fail every request at run time`,
        path,
        hint: `set provider.apiGateway.restApiId (and restApiRootResourceId) to that API so the machines' methods join it, or give ${id} RestApiId: !Ref ${REST_API_LOGICAL_ID}`,
      });
      continue;
    }
    const user = input.stayingUsers.find((u) => !(u.path[0] === 'resources' && u.path[2] === id) && referencedIds(u.value).has(id));
    if (user) {
      out.errors.push({
        severity: 'error',
        code: 'authorizer-shared-with-functions',
        message: `the authorizer ${id} serves the Serverless stack's REST API too (${user.path.join('.')} uses it), and stepf's machines have a REST API of their own: one authorizer cannot serve both`,
        path,
        hint: `set provider.apiGateway.restApiId (and restApiRootResourceId) to the Serverless stack's API, e.g. \${cf:<service>-<stage>.ApiGatewayRestApiId} after exporting it, so the machines' methods join it and use ${id}; or give the machines an authorizer of their own`,
      });
      continue;
    }
    out.take.add(id);
  }
  return out;
}

/**
 * What stepf's stack takes of `resources:` (chooseResources), with the authorizers that a machine's method
 * names going along with stepf's API unless they cannot (then `errors` says why).
 */
export function chooseTaken(input: {
  resources: ResourcesModel;
  own: Set<string>;
  mode: 'all' | 'referenced';
  machines: MachineModel[];
  /** provider.apiGateway.restApiId: the machines' methods join another API, so no authorizer moves. */
  sharedApi: boolean;
  /** Each function's body as written, by key: a user of an authorizer that stays with the Serverless stack. */
  functionBodies: Record<string, unknown>;
  /** provider: as written (the functions' role and environment). */
  providerRaw?: unknown;
  /** custom.stepf.stackResources: in stepf's stack whatever it refers to. */
  stackResources?: ResourcesModel;
}): { choice: ResourceChoice; errors: Diagnostic[] } {
  const first = chooseResources(input.resources, input.own, input.mode);
  const firstTaken = new Set(first.Resources);
  const serving = servingAuthorizers({
    refs: machineAuthorizerRefs(input.machines),
    resources: input.resources,
    sharedApi: input.sharedApi,
    stayingUsers: [
      ...Object.entries(input.functionBodies).map(([key, value]) => ({ path: ['functions', key], value })),
      ...Object.entries(input.resources.Resources ?? {}).filter(([id]) => !firstTaken.has(id)).map(([id, value]) => ({ path: ['resources', 'Resources', id], value })),
    ],
  });
  // An alarm an alias's deployment watches serves the machine too, so it moves into stepf's stack.
  const take = new Set([...serving.take, ...deploymentAlarmIds(input.machines)]);
  let choice = take.size ? chooseResources(input.resources, input.own, input.mode, take) : first;
  // What stepf's stack reaches by an attribute no Parameter can carry, and only it uses (compile/serving.ts),
  // until what is taken reaches nothing more.
  const functionsSide = [input.functionBodies, input.providerRaw];
  for (;;) {
    const taken = [...choice.Resources.map((id) => input.resources.Resources?.[id]), ...choice.Outputs.map((id) => input.resources.Outputs?.[id])];
    const more = [...unreadableServing({ resources: input.resources, stepf: [input.machines, input.stackResources, taken], functionsSide })].filter((id) => !choice.Resources.includes(id));
    if (!more.length) return { choice, errors: serving.errors };
    for (const id of more) take.add(id);
    choice = chooseResources(input.resources, input.own, input.mode, take);
  }
}
