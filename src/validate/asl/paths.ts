/**
 * JSONPath syntax as Step Functions reads it: `$` (input), `$$` (context object) or `$name` (a variable),
 * then `.name`, `..name`, `.*`, `[n]`, `['name']`, `[*]`, `[a:b]`, `[?(...)]`. A reference path (what
 * ResultPath takes) has only names and indices. The check is deliberately lenient: it reports what
 * cannot be a path at all, never a form that Jayway (AWS's JSONPath library) might accept.
 */

/** Why `text` is not a path, or undefined when it is one. */
export function pathProblem(text: string, reference = false): string | undefined {
  const n = text.length;
  if (!text.startsWith('$')) return 'a path starts with "$"';
  let i = 1;
  if (text[i] === '$') {
    if (reference) return 'the context object ($$) cannot be written to';
    i += 1;
  } else if (i < n && /[A-Za-z_]/.test(text[i])) {
    while (i < n && /[A-Za-z0-9_]/.test(text[i])) i += 1;
  }
  while (i < n) {
    const c = text[i];
    if (c === '.') {
      if (text[i + 1] === '.') {
        if (reference) return 'a deep scan ("..") is not allowed here: name each step';
        i += 2;
        if (text[i] === '[') continue;
      } else {
        i += 1;
      }
      if (text[i] === '*') {
        if (reference) return 'a wildcard ("*") is not allowed here: name each step';
        i += 1;
        continue;
      }
      const start = i;
      while (i < n && text[i] !== '.' && text[i] !== '[') i += 1;
      if (i === start) return `a "." with no name after it (at character ${start})`;
      continue;
    }
    if (c === '[') {
      const start = i;
      let depth = 0;
      let quote: string | null = null;
      for (; i < n; i += 1) {
        const ch = text[i];
        if (quote) {
          if (ch === '\\') i += 1;
          else if (ch === quote) quote = null;
        } else if (ch === "'" || ch === '"') quote = ch;
        else if (ch === '[' || ch === '(') depth += 1;
        else if (ch === ')') depth -= 1;
        else if (ch === ']') {
          depth -= 1;
          if (depth === 0) break;
        }
      }
      if (i >= n) return quote ? `an unclosed quote in "[...]" (from character ${start + 1})` : `an unclosed "[" at character ${start + 1}`;
      const inner = text.slice(start + 1, i).trim();
      i += 1;
      if (!inner) return `empty brackets "[]" at character ${start + 1}`;
      if (reference && !/^(-?\d+|'[^']*'|"[^"]*")$/.test(inner)) return `"[${inner}]" is not allowed here: only [n] and ['name'] name one value`;
      continue;
    }
    if (c === ' ' && text.slice(i).trim() === '') return 'trailing spaces';
    return `unexpected "${c}" at character ${i + 1}`;
  }
  return undefined;
}
