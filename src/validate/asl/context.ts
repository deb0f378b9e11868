import type { ConfigPath, Diagnostic } from '../../errors.js';

export type Path = Array<string | number>;
export type Obj = Record<string, unknown>;
export type { Language } from '../../asl/fields.js';

/** What the checks of one definition share: where diagnostics go and the machine they belong to. */
export interface Ctx {
  out: Diagnostic[];
  machineKey: string;
  /** Every state name of the machine (nested scopes included) and the path of the scope that holds it. */
  allNames: Map<string, Path>;
  /** JSONata expressions found, checked together at the end (the parser is loaded only if any exist). */
  jsonata: Array<{ text: string; path: Path }>;
}

export function error(ctx: Ctx, path: ConfigPath, code: string, message: string, hint: string): void {
  ctx.out.push({ severity: 'error', code, path, message, hint });
}

export function warning(ctx: Ctx, path: ConfigPath, code: string, message: string, hint: string): void {
  ctx.out.push({ severity: 'warning', code, path, message, hint });
}

function samePath(a: ReadonlyArray<string | number>, b: ReadonlyArray<string | number>): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * `Nxt` (did you mean "Next"?) already explains why Next is missing: drop the "has no Next" report that
 * follows it, so each mistake is said once. Looks only at diagnostics added since `from`.
 */
export function dropExplained(ctx: Ctx, from: number, path: Path): void {
  if (ctx.out.length - from < 2) return;
  const suggested: string[] = [];
  for (let i = from; i < ctx.out.length; i++) {
    const d = ctx.out[i];
    if (d.code !== 'unknown-field' || !d.path || !samePath(d.path.slice(0, -1), path)) continue;
    const m = /^did you mean "(.+)"\?$/.exec(d.hint ?? '');
    if (m) suggested.push(m[1]);
  }
  if (suggested.length === 0) return;
  const kept = ctx.out.slice(from).filter(
    (d) => !((d.code === 'missing-field' || d.code === 'missing-next') && d.path && samePath(d.path, path) && suggested.some((s) => d.message.includes(s))),
  );
  ctx.out.length = from;
  ctx.out.push(...kept);
}
