// A line diff and its unified rendering, for definitions pretty-printed one field per line. Changes to a
// definition are local, so the common head and tail are trimmed first and only the middle is compared.

export type LineOp = { op: ' ' | '-' | '+'; text: string };

/** Past this many cells the middle is shown as all removed then all added (still correct, less tidy). */
const MAX_CELLS = 4_000_000;

export function diffLines(a: string[], b: string[]): LineOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  const out: LineOp[] = a.slice(0, head).map((text) => ({ op: ' ', text }));
  if (x.length * y.length > MAX_CELLS) {
    out.push(...x.map((text) => ({ op: '-' as const, text })), ...y.map((text) => ({ op: '+' as const, text })));
  } else {
    // Longest common subsequence, lengths from the end, then one walk forward.
    const w = y.length + 1;
    const lcs = new Uint32Array((x.length + 1) * w);
    for (let i = x.length - 1; i >= 0; i--) {
      for (let j = y.length - 1; j >= 0; j--) {
        lcs[i * w + j] = x[i] === y[j] ? lcs[(i + 1) * w + j + 1] + 1 : Math.max(lcs[(i + 1) * w + j], lcs[i * w + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    while (i < x.length || j < y.length) {
      if (i < x.length && j < y.length && x[i] === y[j]) {
        out.push({ op: ' ', text: x[i] });
        i++;
        j++;
      } else if (i < x.length && (j === y.length || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])) {
        out.push({ op: '-', text: x[i++] });
      } else {
        out.push({ op: '+', text: y[j++] });
      }
    }
  }
  out.push(...a.slice(a.length - tail).map((text) => ({ op: ' ' as const, text })));
  return out;
}

/** `@@ -a,b +c,d @@` hunks with `context` unchanged lines around each change; empty when nothing changed. */
export function unifiedDiff(before: string, after: string, labels: { from: string; to: string }, context = 3): string {
  const ops = diffLines(before.split('\n'), after.split('\n'));
  const changed = ops.map((o, i) => (o.op === ' ' ? -1 : i)).filter((i) => i >= 0);
  if (!changed.length) return '';
  const lines = [`--- ${labels.from}`, `+++ ${labels.to}`];
  let k = 0;
  while (k < changed.length) {
    const start = Math.max(0, changed[k] - context);
    let end = Math.min(ops.length, changed[k] + context + 1);
    while (k + 1 < changed.length && changed[k + 1] - context <= end) end = Math.min(ops.length, changed[++k] + context + 1);
    k++;
    let oldStart = 1;
    let newStart = 1;
    for (let i = 0; i < start; i++) {
      if (ops[i].op !== '+') oldStart++;
      if (ops[i].op !== '-') newStart++;
    }
    const hunk = ops.slice(start, end);
    const oldLen = hunk.filter((o) => o.op !== '+').length;
    const newLen = hunk.filter((o) => o.op !== '-').length;
    lines.push(`@@ -${oldLen ? oldStart : oldStart - 1},${oldLen} +${newLen ? newStart : newStart - 1},${newLen} @@`);
    for (const o of hunk) lines.push(`${o.op}${o.text}`);
  }
  return lines.join('\n');
}
