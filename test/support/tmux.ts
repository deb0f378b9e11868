// A real terminal for CLI tests: the command runs in a tmux pane of a fixed size, on a private tmux
// server (its own socket), so a test sees the screen a person would see, answers prompts, and presses
// Ctrl-C (the terminal turns it into SIGINT for the foreground process, as it does for a person).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stepfBin } from './cli.js';

export interface Terminal {
  /** The screen as it is now (the visible pane, trailing blank lines dropped). */
  screen(): string;
  /** Everything printed so far, scrolled-off lines included, lines the terminal wrapped joined again. */
  history(): string;
  /** Waits until the screen matches, and returns it; fails with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Keys as tmux names them: 'y', 'Enter', 'C-c'. */
  press(...keys: string[]): void;
  /** Waits for the command to end and returns its exit code. */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): void;
}

let serial = 0;

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Runs `stepf <args>` in a fresh terminal of `columns` x `rows`, in `cwd`, with exactly `env` (plus PATH, HOME, TERM). */
export function openTerminal(args: string[], opts: { cwd: string; env: Record<string, string | undefined>; columns?: number; rows?: number }): Terminal {
  const socket = `stepf-test-${process.pid}-${++serial}`;
  const tmux = (...a: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm-256color' };
  for (const [k, v] of Object.entries(opts.env)) if (v !== undefined) env[k] = v;
  // A script file, so no quoting of the command passes through tmux's own parser. It writes stepf's exit
  // code to a file (tmux's pane_dead_status is sometimes left empty); `trap : INT` keeps the shell alive
  // through a Ctrl-C meant for stepf (a handler, unlike an ignored signal, is not inherited by stepf).
  const work = mkdtempSync(join(tmpdir(), 'stepf-tty-'));
  const script = join(work, 'run.sh');
  const codeFile = join(work, 'exit-code');
  writeFileSync(
    script,
    [
      `cd ${shellQuote(opts.cwd)}`,
      'trap : INT',
      `env -i ${Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`)).join(' ')} ${shellQuote(process.execPath)} ${shellQuote(stepfBin)} ${args.map(shellQuote).join(' ')}`,
      `echo $? > ${shellQuote(codeFile)}`,
      '',
    ].join('\n'),
  );
  // The pane (and its screen) stays after the command ends: set before the command starts.
  tmux('new-session', '-d', '-s', 't', '-x', String(opts.columns ?? 80), '-y', String(opts.rows ?? 40), 'cat');
  tmux('set-option', '-w', '-t', 't', 'remain-on-exit', 'on');
  tmux('respawn-pane', '-k', '-t', 't', `sh ${shellQuote(script)}`);
  // -J joins lines the terminal wrapped, so a line longer than the pane shows it was too wide;
  // tmux's own "Pane is dead" line is not the command's.
  const capture = (all: boolean) =>
    tmux('capture-pane', '-p', '-J', '-t', 't', ...(all ? ['-S', '-'] : []))
      .replace(/^Pane is dead.*$/m, '')
      .replace(/\s+$/, '');
  const poll = async <T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = probe();
      if (got !== undefined) return got;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${capture(true)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return {
    screen: () => capture(false),
    history: () => capture(true),
    waitFor: (pattern, timeoutMs = 60_000) => poll(String(pattern), () => (pattern.test(capture(true)) ? capture(false) : undefined), timeoutMs),
    press: (...keys) => void tmux('send-keys', '-t', 't', ...keys),
    exitCode: (timeoutMs = 60_000) =>
      poll('the command to end', () => {
        const text = existsSync(codeFile) ? readFileSync(codeFile, 'utf8') : '';
        return text.endsWith('\n') ? Number(text) : undefined;
      }, timeoutMs),
    close: () => {
      try {
        tmux('kill-server');
      } catch {
        // already gone
      }
    },
  };
}
