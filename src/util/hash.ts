// node:crypto takes about 3 ms of CPU to load (Node 20), more than the rest of a small `stepf package`'s
// compile: most services hash nothing, so it is loaded on the first hash, not with the modules that hash.
import { createRequire } from 'node:module';

let crypto: typeof import('node:crypto') | undefined;

/** The hex digest of a text (utf-8). */
export function hexDigest(algorithm: 'md5' | 'sha1' | 'sha256', text: string): string {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash(algorithm).update(text).digest('hex');
}
