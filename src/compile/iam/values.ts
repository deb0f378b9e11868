import { isIntrinsic } from '../intrinsics.js';

/**
 * A parameter of a Task as the policy sees it. `text` is Fn::Sub syntax: a static string, the text of an
 * `Fn::Sub`, or a `#{AWS::Region}` string rewritten to `${AWS::Region}`. `ref` is any other intrinsic.
 */
export type Val =
  | { kind: 'absent' }
  | { kind: 'dynamic' }
  | { kind: 'text'; text: string }
  | { kind: 'ref'; value: Record<string, unknown> }
  | { kind: 'other'; value: unknown };

export const ABSENT: Val = { kind: 'absent' };
export const DYNAMIC: Val = { kind: 'dynamic' };

export function isJsonata(v: unknown): boolean {
  return typeof v === 'string' && v.trimStart().startsWith('{%') && v.trimEnd().endsWith('%}');
}

/**
 * A string value as Fn::Sub text: `#{X}` is read as `${X}`. `#@{X}` is left for compile's last pass
 * (compile/pseudo.ts), which makes it a literal `#{X}` wherever the policy carries it.
 */
export function toSubText(s: string): string {
  return s.includes('#{') ? s.replace(/#\{([^}]+)\}/g, '${$1}') : s;
}

export function valueOf(v: unknown): Val {
  if (v === undefined) return ABSENT;
  if (typeof v === 'string') return isJsonata(v) ? DYNAMIC : { kind: 'text', text: toSubText(v) };
  if (isIntrinsic(v)) {
    const sub = v['Fn::Sub'];
    if (typeof sub === 'string') return { kind: 'text', text: toSubText(sub) };
    return { kind: 'ref', value: v };
  }
  return { kind: 'other', value: v };
}

/** The parameters object of a Task: `Arguments` in JSONata, `Parameters` in JSONPath; undefined means the input. */
export class Params {
  constructor(readonly raw: unknown) {}

  /** True when the whole request is chosen at run time (no Parameters, or one JSONata expression). */
  get dynamic(): boolean {
    return this.raw === undefined || isJsonata(this.raw) || typeof this.raw !== 'object' || this.raw === null;
  }

  /** `get('TopicArn')`, or a nested path `get('Overrides', 'TaskRoleArn')`. */
  get(...path: string[]): Val {
    const n = this.node(...path);
    return n === DYNAMIC_MARK ? DYNAMIC : valueOf(n);
  }

  /** The raw value at a path (lists such as Entries); DYNAMIC_MARK when it is chosen at run time. */
  node(...path: string[]): unknown {
    if (this.dynamic) return DYNAMIC_MARK;
    let cur: unknown = this.raw;
    for (const k of path) {
      if (isJsonata(cur)) return DYNAMIC_MARK;
      if (!cur || typeof cur !== 'object' || Array.isArray(cur) || isIntrinsic(cur)) return undefined;
      const obj = cur as Record<string, unknown>;
      if (`${k}.$` in obj) return DYNAMIC_MARK;
      cur = obj[k];
    }
    return isJsonata(cur) ? DYNAMIC_MARK : cur;
  }
}

export const DYNAMIC_MARK = Symbol('dynamic');
