// A running `stepf` child (the built CLI) whose stdout and stderr a test can wait on, for commands that
// run until Ctrl-C (logs --tail) or that a test interrupts (invoke while it waits).
import { spawn, type ChildProcess } from 'node:child_process';
import { stepfBin } from '../support/cli.js';

/** A running `stepf` child whose output can be awaited line by line. */
export interface Follower {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when the output so far matches, rejects when the child exits first or after `ms`. */
  until(stream: 'stdout' | 'stderr', pattern: RegExp, ms?: number): Promise<void>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function follow(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Follower {
  const child = spawn(process.execPath, [stepfBin, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = { stdout: '', stderr: '' };
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  child.stdout!.on('data', (c: Buffer) => ((out.stdout += c.toString()), wake()));
  child.stderr!.on('data', (c: Buffer) => ((out.stderr += c.toString()), wake()));
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      wake();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    exit,
    until: (stream, pattern, ms = 30_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(out[stream])) done(resolve);
          else if (exited) done(() => reject(new Error(`stepf exited before ${stream} matched ${pattern}\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`${stream} did not match ${pattern} in ${ms} ms\nstdout:\n${out.stdout}\nstderr:\n${out.stderr}`))), ms);
        const done = (f: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          f();
        };
        waiters.add(check);
        check();
      }),
  };
}
