import type { MachineModel, ProviderModel } from './model.js';

/** provider tags first, then the machine's (unless inheritGlobalTags: false), as `[{Key, Value}]` strings. */
export function machineTags(provider: ProviderModel, m: MachineModel): Array<{ Key: string; Value: string }> | undefined {
  const out: Array<{ Key: string; Value: string }> = [];
  const add = (tags: Record<string, unknown> | undefined) => {
    for (const [k, v] of Object.entries(tags ?? {})) {
      const i = out.findIndex((t) => t.Key === k);
      const tag = { Key: k, Value: v === null || v === undefined ? '' : String(v) };
      // A machine tag overrides a provider tag of the same key (the plugin kept both: CloudFormation rejects that).
      if (i >= 0) out[i] = tag;
      else out.push(tag);
    }
  };
  if (m.inheritGlobalTags !== false) add(provider.tags);
  add(m.tags);
  return out.length ? out : undefined;
}
