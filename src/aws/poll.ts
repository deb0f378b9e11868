// Polling with backoff: first delay near 1 s, growing by half each time up to a cap, so a quick change
// costs few calls and a long one does not hammer the API.
import { Interrupted } from '../errors.js';

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new Interrupted());
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(t);
        reject(new Interrupted());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

export interface Backoff {
  firstMs: number;
  factor: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstMs: 1000, factor: 1.5, maxMs: 5000 };

/** Delays for successive polls: 1000, 1500, 2250, 3375, 5000, 5000, ... */
export function* backoffDelays(b: Backoff = DEFAULT_BACKOFF): Generator<number> {
  let d = b.firstMs;
  for (;;) {
    yield Math.round(d);
    d = Math.min(d * b.factor, b.maxMs);
  }
}
