// What a command asks of the person at the terminal: a yes/no answer, and Ctrl-C.
import { ExitCode, Interrupted } from '../errors.js';

/** A yes/no question on the terminal; undefined when nobody can answer. */
export function terminalConfirm(json?: boolean): ((q: string) => Promise<boolean>) | undefined {
  if (json || !process.stdin.isTTY || !process.stderr.isTTY) return undefined;
  return async (question) => {
    const { createInterface } = await import('node:readline/promises');
    // The question is a conversation on the terminal, outside the output channel: readline owns its stream.
    const terminal = process.stderr;
    const rl = createInterface({ input: process.stdin, output: terminal });
    try {
      const answer = await rl.question(`${question} [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    } catch (err) {
      // Ctrl-C at the question (readline reads it as a key, so no SIGINT arrives): the command says what is left.
      if ((err as Error)?.name === 'AbortError') {
        terminal.write('\n');
        throw new Interrupted();
      }
      throw err;
    } finally {
      rl.close();
    }
  };
}

/**
 * Ctrl-C aborts the running wait (the command then says what state AWS is in); a second Ctrl-C quits at once.
 * `onFirst` tells the person that stepf is stopping.
 */
export function interruptSignal(onFirst?: () => void): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onSigint = () => {
    if (ac.signal.aborted) process.exit(ExitCode.interrupted);
    onFirst?.();
    ac.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onSigint) };
}
