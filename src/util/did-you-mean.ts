/** Levenshtein distance, small and allocation-light: names here are short. */
export function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The closest candidate, if it is close enough to be a likely typo (case-insensitive match counts). */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const cl = c.toLowerCase();
    if (cl === lower) return c;
    const d = distance(lower, cl);
    const singular = cl.startsWith(lower) || lower.startsWith(cl) ? Math.min(d, 1) : d;
    // On a tie the nearer spelling wins: `inputTransfomer` is inputTransformer misspelt, not input lengthened.
    if (singular < bestScore || (singular === bestScore && d < bestDistance)) {
      bestScore = singular;
      bestDistance = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return bestScore <= limit ? best : undefined;
}

export function hintDidYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const m = didYouMean(word, candidates);
  return m ? `did you mean "${m}"?` : undefined;
}
