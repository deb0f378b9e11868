// `stepf watch`: deploy, then hotswap on every save of serverless.yml or a file it reads through ${file()}.
import type { FSWatcher } from 'node:fs';
import { basename, dirname, relative } from 'node:path';
import type { Command } from 'commander';
import type { AwsClients } from '../../aws/clients.js';
import { ExitCode, Interrupted, UserError } from '../../errors.js';
import { createOutput } from '../../report/output.js';
import { action } from '../run.js';
import { DEFAULT_WAIT_MS, parseDuration, withAwsOptions, type AwsCommandFlags } from '../options.js';

interface WatchFlags extends AwsCommandFlags {
  force?: boolean;
}

/** Quiet time after the last file event before a cycle starts: editors write a file in several events. */
const DEBOUNCE_MS = 300;

/**
 * `stepf watch`: deploy once, then on every save of serverless.yml or a file it reads through ${file()},
 * package again and hotswap (a change set when hotswap cannot apply it). A config error is printed with its
 * location and the watch goes on. Ctrl-C lets a running hotswap finish (nothing is left half-deployed),
 * then exits 130; a second Ctrl-C quits at once.
 */
async function runWatch(flags: WatchFlags): Promise<number> {
  const { watch } = await import('node:fs');
  const [summary, { packageForAws }, { deployPackaged, hotswapMode }] = await Promise.all([import('../../report/deploy-summary.js'), import('../target.js'), import('../deploy-service.js')]);
  const out = createOutput({ json: flags.json, verbose: flags.verbose });
  // Errors go to stderr only: with --json, stdout carries one result line per deploy.
  const errors = createOutput({ verbose: flags.verbose });
  const waitTimeoutMs = parseDuration(flags.waitTimeout, DEFAULT_WAIT_MS);
  const deployFlags = { ...flags, execute: true, wait: true };
  const cwd = process.cwd();
  const say = (text: string) => out.note(`stepf watch: ${text}`);
  // One set of AWS clients for the whole watch: each save's deploy reuses their connections and credentials.
  const clients = new Map<string, AwsClients>();

  const abort = new AbortController();
  const watched = new Set<string>();
  const dirs = new Map<string, FSWatcher>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopping = false;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (finish = resolve));

  // Folders are watched, not files: an editor that saves by rename would leave a file watcher on the old inode.
  const watchFiles = (files: string[]) => {
    for (const f of files) watched.add(f);
    for (const dir of new Set([...watched].map((f) => dirname(f)))) {
      if (dirs.has(dir)) continue;
      try {
        const w = watch(dir, (_event, name) => {
          if (name && [...watched].some((f) => dirname(f) === dir && basename(f) === name.toString())) schedule();
        });
        dirs.set(dir, w);
      } catch {
        // a ${file()} in a folder that does not exist: nothing to watch there until it does
      }
    }
  };

  const stop = (code: number) => {
    stopping = true;
    if (timer) clearTimeout(timer);
    for (const w of dirs.values()) w.close();
    finish(code);
  };

  const cycle = async (): Promise<void> => {
    const progress = await errors.progress();
    try {
      progress.phase('packaging');
      const pkg = await packageForAws(flags);
      watchFiles(pkg.files);
      progress.warnings(pkg.warnings);
      const mode = await hotswapMode({ hotswap: true, force: flags.force }, pkg, 'stepf watch');
      const view = await deployPackaged({ flags: deployFlags, pkg, mode, progress, signal: abort.signal, waitTimeoutMs, clients });
      progress.stop();
      view.elapsedMs = progress.elapsedMs();
      // --json: one result object per line, one line per deploy.
      if (flags.json) out.jsonLine(summary.deployJson(view));
      else out.result(summary.deployText(view, progress.palette));
    } catch (err) {
      progress.stop();
      // A protected stage is refused before anything is read from AWS, and ends the watch.
      if (err instanceof UserError && err.diagnostics.some((d) => d.code === 'protected-stage')) {
        stop(errors.error(err));
        return;
      }
      errors.error(err);
      if (err instanceof Interrupted) return;
      if (err instanceof UserError) say('fix the error above and save: the watch goes on');
    }
  };

  const run = () => {
    running = (async () => {
      do {
        again = false;
        await cycle();
      } while (again && !stopping);
      running = undefined;
      if (!stopping) say(`watching ${[...watched].map((f) => relative(cwd, f) || f).join(', ')} (Ctrl-C to stop)`);
    })();
  };

  function schedule() {
    if (stopping) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (running) again = true;
      else run();
    }, DEBOUNCE_MS);
  }

  const onSigint = () => {
    if (stopping) process.exit(ExitCode.interrupted);
    if (running) {
      say('stopping after the deploy in progress (Ctrl-C again to quit at once)');
      // A change set's wait stops (CloudFormation finishes or rolls back the stack on its own); a hotswap runs to its end.
      abort.abort();
    }
    const pending = running;
    stop(ExitCode.interrupted);
    if (pending) void pending.then(() => say('stopped'));
  };
  process.on('SIGINT', onSigint);
  try {
    run();
    const code = await finished;
    if (running) await running;
    return code;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

export function registerWatch(program: Command): void {
  withAwsOptions(program.command('watch').description('deploy, then hotswap on every save of serverless.yml or a file it reads through ${file()} (a change set when hotswap cannot apply the change)'))
    .option('-y, --yes', 'approve changes that delete or replace a state machine without asking')
    .option('--force', 'watch a protected stage (prod, production, live, custom.stepf.protectedStages)')
    .option('--wait-timeout <duration>', 'how long to wait for the stack during a change-set deploy, e.g. 30m, 90s', '30m')
    .option('--role-arn <arn>', 'CloudFormation service role for change-set deploys (default: provider.iam.deploymentRole)')
    .action(action(runWatch));
}
