import { didYouMean } from '../../util/did-you-mean.js';

/** didYouMean, plus one swapped pair of neighbours (`slef` → `self`), which edit distance counts as two. */
export function guess(word: string, candidates: readonly string[]): string | undefined {
  const match = didYouMean(word, candidates);
  if (match) return match;
  const w = word.toLowerCase();
  return candidates.find((c) => {
    const k = c.toLowerCase();
    if (k.length !== w.length) return false;
    const diff = [...k].flatMap((ch, i) => (ch === w[i] ? [] : [i]));
    return diff.length === 2 && diff[1] === diff[0] + 1 && k[diff[0]] === w[diff[1]] && k[diff[1]] === w[diff[0]];
  });
}

export function hintGuess(word: string, candidates: readonly string[]): string | undefined {
  const g = guess(word, candidates);
  return g ? `did you mean "${g}"?` : undefined;
}
