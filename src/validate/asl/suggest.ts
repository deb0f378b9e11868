import { didYouMean } from '../../util/did-you-mean.js';

function swapsTo(a: string, b: string): boolean {
  if (a.length !== b.length || a.length < 2) return false;
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let i = 0;
  while (i < x.length && x[i] === y[i]) i += 1;
  return i < x.length - 1 && x[i] === y[i + 1] && x[i + 1] === y[i] && x.slice(i + 2) === y.slice(i + 2);
}

/** didYouMean, plus two swapped neighbours (`Strat` → `Start`, `Tsak` → `Task`), the commonest typo. */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  return didYouMean(word, list) ?? list.find((c) => swapsTo(word, c));
}
