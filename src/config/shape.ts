// The shape bounds of parsed config data: no cycles, nesting within the depth bound, strings within the
// string bound, and the size once every alias is copied out within the expanded-size bound. One walk that
// sizes each distinct mapping or list once, so a "billion laughs" file costs as little as it parses.
import { formatPath, userError, type ConfigPath } from '../errors.js';
import type { AliasIndex } from './anchors.js';
import { count, overLimit, type Limits, type LimitSite } from './limits.js';
import type { Position } from './locate.js';

export interface ShapeSource {
  file: string;
  limits: Limits;
  /** Where aliases stand (YAML files); without it errors name the config path only. */
  aliases?: AliasIndex;
  /** Where a config path stands, for errors about a node that is not an alias. */
  locate?: (path: ConfigPath) => Position | undefined;
  /** Where this data sits in the config (a `${file()}` value at `custom.x`). */
  base?: ConfigPath;
}

interface Frame {
  obj: object;
  keys: string[] | undefined;
  n: number;
  i: number;
  size: number;
  /** This frame's key in its parent. */
  key: string | number;
}

/** The expanded size of a scalar: a string's characters, one for anything else. */
export const scalarSize = (v: unknown): number => (typeof v === 'string' ? v.length : 1);

export interface Shape {
  expandedSize: number;
  depth: number;
  stringLength: number;
}

/** Throws a located UserError at the first bound the data crosses; returns what the data measures. */
export function checkShape(data: unknown, src: ShapeSource): Shape {
  if (data === null || typeof data !== 'object') {
    if (typeof data === 'string' && data.length > src.limits.stringLength) throw stringError(src, [], data);
    return { expandedSize: scalarSize(data), depth: 0, stringLength: typeof data === 'string' ? data.length : 0 };
  }
  let depth = 1;
  let longest = 0;
  const sized = new Map<object, number>();
  const open = new Set<object>([data]);
  const frames: Frame[] = [frame(data, '')];
  const pathTo = (k?: string | number): Array<string | number> => {
    const p = frames.slice(1).map((f) => f.key);
    return k === undefined ? p : [...p, k];
  };
  for (;;) {
    const f = frames[frames.length - 1];
    if (f.i < f.n) {
      const k: string | number = f.keys ? f.keys[f.i] : f.i;
      f.i++;
      const v = (f.obj as Record<string | number, unknown>)[k];
      if (v === null || typeof v !== 'object') {
        if (typeof v === 'string') {
          if (v.length > longest) longest = v.length;
          if (longest > src.limits.stringLength) throw stringError(src, pathTo(k), v);
        }
        f.size += scalarSize(v);
        continue;
      }
      const known = sized.get(v);
      if (known !== undefined) {
        f.size += known;
        continue;
      }
      if (open.has(v)) throw cycleError(src, pathTo(k), v, frames);
      if (frames.length >= src.limits.depth) throw depthError(src, pathTo(k));
      open.add(v);
      frames.push(frame(v, k));
      if (frames.length > depth) depth = frames.length;
      continue;
    }
    frames.pop();
    open.delete(f.obj);
    const total = f.size + 1;
    sized.set(f.obj, total);
    if (total > src.limits.expandedSize) throw expandedError(src, pathTo(f.key), f.obj, total, sized);
    if (!frames.length) return { expandedSize: total, depth, stringLength: longest };
    frames[frames.length - 1].size += total;
  }
}

function frame(obj: object, key: string | number): Frame {
  const keys = Array.isArray(obj) ? undefined : Object.keys(obj);
  return { obj, keys, n: keys ? keys.length : (obj as unknown[]).length, i: 0, size: 0, key };
}

/** The subject of a message: the diagnostic names the config path, so only the file root needs a name. */
function subject(path: ConfigPath, base: ConfigPath | undefined, what: string): string {
  return path.length || base?.length ? what : `the whole file ${what.replace(/^a string/, 'is a string')}`;
}

function site(src: ShapeSource, path: ConfigPath, offset?: number): LimitSite {
  const full = [...(src.base ?? []), ...path];
  const pos = offset !== undefined && src.aliases ? src.aliases.position(offset) : src.locate?.(path);
  return { file: src.file, ...(pos ?? {}), path: full };
}

function stringError(src: ShapeSource, path: ConfigPath, s: string) {
  return overLimit('stringLength', src.limits, subject(path, src.base, `a string of ${count(s.length)} characters`), site(src, path));
}

/** The path is cut short: at ten thousand levels it would fill the screen. */
function depthError(src: ShapeSource, path: ConfigPath) {
  const full = [...(src.base ?? []), ...path];
  const start = formatPath(full.slice(0, 4)) || 'the file';
  const at = site(src, path);
  return overLimit('depth', src.limits, `mappings and lists nest more than ${src.limits.depth} deep, starting at ${start}`, { ...at, path: undefined });
}

function cycleError(src: ShapeSource, path: ConfigPath, target: object, frames: Frame[]) {
  const depth = frames.findIndex((f) => f.obj === target);
  const holder = frames.slice(1, depth + 1).map((f) => f.key);
  const alias = src.aliases?.siteWithin(target, target);
  const into = holder.length ? formatPath([...(src.base ?? []), ...holder]) : 'the whole file';
  if (alias) {
    const where = holder.length === path.length - 1 ? '' : ` (&${alias.name} is ${into})`;
    return userError(`the alias *${alias.name} repeats &${alias.name}, which holds this very alias: a cycle that never ends${where}`, {
      ...site(src, path, alias.offset),
      code: 'yaml-alias-cycle',
      hint: `an alias can only repeat a node that is complete: move &${alias.name} so that *${alias.name} is not inside it, or write the value out`,
    });
  }
  return userError(`refers back to ${into}, which holds it: a cycle that never ends`, {
    ...site(src, path),
    code: 'config-cycle',
    hint: 'a config must be a tree: copy the value instead of referring to it',
  });
}

/** Over the expanded-size bound: names the largest alias the node repeats, which is what to look at. */
function expandedError(src: ShapeSource, path: ConfigPath, obj: object, total: number, sized: Map<object, number>) {
  let worst: { name: string; offset: number; size: number; uses: number } | undefined;
  const children = Array.isArray(obj) ? obj : Object.values(obj);
  for (const child of children) {
    if (child === null || typeof child !== 'object') continue;
    const at = src.aliases?.siteWithin(child, obj);
    const size = sized.get(child) ?? 0;
    if (!at || (worst && size <= worst.size)) continue;
    worst = { ...at, size, uses: children.filter((c) => c === child).length };
  }
  const what = subject(path, src.base, `expands to ${count(total)} characters and values once its aliases are copied out`);
  if (worst) {
    const times = worst.uses > 1 ? `, ${worst.uses} times` : '';
    return overLimit('expandedSize', src.limits, `${what} (it repeats *${worst.name}, ${count(worst.size)} each${times})`, site(src, path, worst.offset));
  }
  return overLimit('expandedSize', src.limits, what, site(src, path));
}
