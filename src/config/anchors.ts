// Where each alias (`*name`) stands in a YAML file, which js-yaml's result cannot tell (an alias is the
// very object its anchor made). Filled by js-yaml's node listener while it parses, so it costs no second parse.
import { count, overLimit, type Limits } from './limits.js';

export interface AliasSite {
  name: string;
  offset: number;
}

export interface Position {
  line: number;
  column: number;
}

interface ListenerState {
  position: number;
  kind: string | null;
  result: unknown;
}

export class AliasIndex {
  count = 0;
  /** The aliases of each mapping or list, in the order written. */
  readonly sites = new Map<object, AliasSite[]>();
  /** Where each mapping or list is written: [start, end) offsets of its first (defining) occurrence. */
  readonly spans = new Map<object, [number, number]>();
  private readonly opened: number[] = [];
  private lastAlias = -1;
  private lineStarts: number[] | undefined;

  constructor(
    readonly text: string,
    private readonly file: string,
    private readonly limits: Limits,
  ) {}

  /** js-yaml's `listener` option. A node can be reported twice (nested open/close at one offset): counted once. */
  readonly listener = (event: 'open' | 'close', state: ListenerState): void => {
    if (event === 'open') {
      this.opened.push(state.position);
      return;
    }
    const start = this.skipBlank(this.opened.pop() ?? 0);
    const result = state.result;
    if (state.kind === null && this.text.charCodeAt(start) === 0x2a /* * */) {
      if (start === this.lastAlias) return;
      this.lastAlias = start;
      if (++this.count > this.limits.aliases) {
        throw overLimit('aliases', this.limits, `${this.file.split(/[\\/]/).pop()} uses more than ${count(this.limits.aliases)} aliases`, {
          file: this.file,
          ...this.position(start),
        });
      }
      if (result !== null && typeof result === 'object') {
        const site = { name: this.nameAt(start + 1), offset: start };
        const list = this.sites.get(result);
        if (list) list.push(site);
        else this.sites.set(result, [site]);
      }
    } else if (result !== null && typeof result === 'object' && !this.spans.has(result)) {
      this.spans.set(result, [start, state.position]);
    }
  };

  /** An alias of target written inside container (for a cycle, container is target itself), else its first. */
  siteWithin(target: object, container: object): AliasSite | undefined {
    const span = this.spans.get(container);
    const sites = this.sites.get(target) ?? [];
    return (span && sites.find((s) => s.offset >= span[0] && s.offset < span[1])) ?? sites[0];
  }

  position(offset: number): Position {
    const starts = (this.lineStarts ??= lineStartsOf(this.text));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] + 1 };
  }

  private nameAt(i: number): string {
    let j = i;
    while (j < this.text.length && !/[\s,[\]{}]/.test(this.text[j])) j++;
    return this.text.slice(i, j);
  }

  /** Past spaces, line breaks and comments: where the node itself starts. */
  private skipBlank(i: number): number {
    const t = this.text;
    while (i < t.length) {
      const c = t.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else if (c === 0x23 /* # */) while (i < t.length && t.charCodeAt(i) !== 0x0a) i++;
      else break;
    }
    return i;
  }
}

function lineStartsOf(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}
