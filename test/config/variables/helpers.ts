import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadFile } from '../../../src/config/load.js';
import { createResolver, type Resolver, type ResolverOptions } from '../../../src/config/variables/resolve.js';
import { UserError } from '../../../src/errors.js';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A service folder in a temp dir: serverless.yml plus any other files. */
export function serviceDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepf-vars-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

export interface Setup extends Partial<Omit<ResolverOptions, 'root'>> {
  files?: Record<string, string>;
}

/** A resolver over the given serverless.yml text; env defaults to an empty environment (no leaks from the host). */
export async function resolverFor(yaml: string, setup: Setup = {}): Promise<Resolver> {
  const dir = serviceDir({ 'serverless.yml': yaml, ...(setup.files ?? {}) });
  const root = loadFile(join(dir, 'serverless.yml'), setup.budget);
  return createResolver({
    root,
    options: setup.options ?? {},
    params: setup.params,
    env: setup.env ?? { HOME: dir },
    remote: setup.remote,
    budget: setup.budget,
    allowFiles: setup.allowFiles,
  });
}

/** The UserError a promise rejects with (fails the test when it resolves). */
export async function userErrorOf(p: Promise<unknown>): Promise<UserError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError, but it resolved');
}
