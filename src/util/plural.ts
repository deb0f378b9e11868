/** `1 state`, `2 states`: a count with its noun, singular for exactly one. */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}
