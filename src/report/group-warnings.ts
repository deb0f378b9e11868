import { formatPath, type Diagnostic } from '../errors.js';
import { formatWhere } from './diagnostics.js';

/** A kind seen more often than this is shown as one line with a count and its first places, as a linter does. */
export const GROUP_AFTER = 3;

/**
 * Warnings as shown: each kind (code) seen more than GROUP_AFTER times becomes one warning at its first
 * place, saying how many there are and the next few places; `verbose` shows every one as it is.
 * A fleet of 1,000 machines whose Lambda tasks lack a Retry then prints one line, not 5,000.
 */
export function groupWarnings(list: Diagnostic[], opts: { verbose?: boolean; cwd?: string } = {}): Diagnostic[] {
  if (opts.verbose) return list;
  const byCode = new Map<string, Diagnostic[]>();
  for (const d of list) {
    if (!d.code) continue;
    const same = byCode.get(d.code);
    if (same) same.push(d);
    else byCode.set(d.code, [d]);
  }
  const shown: Diagnostic[] = [];
  for (const d of list) {
    const same = d.code ? byCode.get(d.code)! : [d];
    if (same.length <= GROUP_AFTER) {
      shown.push(d);
      continue;
    }
    if (same[0] !== d) continue;
    const places = same.slice(1, GROUP_AFTER).map((x) => [formatWhere(x, opts.cwd), x.path?.length ? formatPath(x.path) : ''].filter(Boolean).join(' '));
    const more = same.length - GROUP_AFTER;
    shown.push({
      ...d,
      message: `${d.message} [${d.code}: ${same.length.toLocaleString('en-US')} in all; also at ${places.join(', ')} and ${more.toLocaleString('en-US')} more (--verbose lists every one)]`,
    });
  }
  return shown;
}
