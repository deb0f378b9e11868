/**
 * What stepf needs of `functions:` (which stay with the Serverless stack): each key, the name the function
 * is deployed under, and its timeout. Read wherever they are written, as the Serverless Framework reads
 * them: inline, `functions: ${file(./functions.yml)}`, a list of such blocks (merged, later wins), or one
 * function's body from a file (`worker: ${file(./fns/worker.yml)}`). Nothing else under `functions:` is
 * resolved, so a variable stepf does not need is never an error.
 */
import type { Diagnostic } from '../errors.js';
import type { FunctionModel } from './model.js';
import { defaultFunctionName } from '../compile/naming.js';
import { isObject } from './service.js';
import type { Resolver } from './variables/resolve.js';

type Path = Array<string | number>;

export interface FunctionsRead {
  functions: FunctionModel[];
  /** Each function's body as written (inner variables unresolved), by key: for the cross-stack warnings. */
  bodies: Record<string, unknown>;
  warnings: Diagnostic[];
}

export async function readFunctions(resolver: Resolver, raw: Record<string, unknown>, service: string, stage: string): Promise<FunctionsRead> {
  const out: FunctionsRead = { functions: [], bodies: {}, warnings: [] };
  if (!('functions' in raw)) return out;
  const block = await resolver.shallow(['functions']);
  // A block stepf cannot read (a broken `${file()}`) leaves it without function names: references to them
  // then fail with their own message, so this is a warning, not a second error.
  out.warnings.push(...block.failures.map((f) => ({ ...f, severity: 'warning' as const, message: `${f.message} (stepf reads the names of functions from here)` })));
  const parts: Array<{ base: Path; value: unknown }> = Array.isArray(block.value)
    ? await Promise.all(block.value.map(async (_, i) => ({ base: ['functions', i], value: (await resolver.shallow(['functions', i])).value })))
    : [{ base: ['functions'], value: block.value }];
  const where = new Map<string, Path>();
  for (const part of parts) {
    if (!isObject(part.value)) continue;
    for (const key of Object.keys(part.value)) where.set(key, [...part.base, key]);
  }
  for (const [key, path] of where) {
    const body = (await resolver.shallow(path)).value;
    out.bodies[key] = body;
    let name = defaultFunctionName(service, stage, key);
    let timeout: number | undefined;
    if (isObject(body)) {
      if ('name' in body) {
        const r = await resolver.getLenient([...path, 'name']);
        if (typeof r.value === 'string' && r.failures.length === 0) name = r.value;
        else {
          out.warnings.push({
            severity: 'warning',
            code: 'function-name-unresolved',
            message: `the name of function ${key} cannot be resolved offline, so its ARN in stepf's template assumes the default name ${name}`,
            path: [...path, 'name'],
            hint: r.failures[0]?.message ?? 'give functions.<key>.name a plain string, or resolve it here',
          });
        }
      }
      if ('timeout' in body) {
        const r = await resolver.getLenient([...path, 'timeout']);
        const t = typeof r.value === 'string' && r.value.trim() !== '' ? Number(r.value) : r.value;
        if (typeof t === 'number' && Number.isFinite(t)) timeout = t;
      }
    }
    out.functions.push({ key, name, timeout });
  }
  return out;
}
