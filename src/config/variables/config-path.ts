/** Config paths as the resolver handles them: memo keys, prefix relations, and a cheap linked form. */
import type { Path } from './types.js';

export const pathKey = (path: Path): string => path.join('\0');

function isPrefix(a: Path, b: Path): boolean {
  if (a.length > b.length) return false;
  for (let i = 0; i < a.length; i++) if (String(a[i]) !== String(b[i])) return false;
  return true;
}

/**
 * A config path as a linked list: walking a large config makes one small node per object, and the
 * array or memo key is built only where a variable stands.
 */
export class At {
  readonly length: number;
  private keyText: string | undefined;
  constructor(
    readonly up: At | undefined,
    readonly seg: string | number,
  ) {
    this.length = up ? up.length + 1 : 0;
  }

  static of(path: Path): At {
    let at = ROOT;
    for (const seg of path) at = new At(at, seg);
    return at;
  }

  path(): Path {
    const out: Path = new Array(this.length);
    for (let a: At = this, i = this.length - 1; i >= 0; i--, a = a.up!) out[i] = a.seg;
    return out;
  }

  key(): string {
    return (this.keyText ??= !this.up ? '' : this.up.length ? `${this.up.key()}\0${this.seg}` : String(this.seg));
  }
}

/** The config root: the empty path. */
export const ROOT = new At(undefined, '');

export const related = (a: Path, b: Path): boolean => isPrefix(a, b) || isPrefix(b, a);
export const selfLabel = (path: Path): string => `self:${path.join('.')}`;
