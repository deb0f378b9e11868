import { Command, CommanderError } from 'commander';
import { EXIT_CODE_TABLE, ExitCode } from '../errors.js';
import { VERSION } from '../version.js';
import { registerPackage } from './commands/package.js';
import { registerDeploy } from './commands/deploy.js';
import { registerDiff } from './commands/diff.js';
import { registerWatch } from './commands/watch.js';
import { registerRemove } from './commands/remove.js';
import { registerInfo } from './commands/info.js';
import { registerValidate } from './commands/validate.js';
import { registerInvoke } from './commands/invoke.js';
import { registerLogs } from './commands/logs.js';
import { registerExecutions } from './commands/executions.js';
import { registerStop } from './commands/stop.js';
import { registerRedrive } from './commands/redrive.js';
import { registerGraph } from './commands/graph.js';
import { registerTest } from './commands/test.js';
import { registerRollback } from './commands/rollback.js';
import { registerMigrate } from './commands/migrate.js';

// A reader that stops early (`stepf --help | head`, `stepf executions --json | jq -n 'first(inputs)'`)
// closes the pipe: stop writing to it, as `git log | head` does, instead of dying on an unhandled
// EPIPE with a stack trace. The command itself runs on (a deploy is not cut short by its reader).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
    stream.write = (() => true) as typeof stream.write;
  });
}

const program = new Command();
program
  .name('stepf')
  .description('Deploy AWS Step Functions state machines from the stepFunctions: block of a serverless.yml')
  .version(VERSION, '-v, --version')
  // Program options only before the command: `stepf invoke orders --version 3` is invoke's --version.
  .enablePositionalOptions()
  .showHelpAfterError('(run with --help for usage)')
  .addHelpText('after', `\n${EXIT_CODE_TABLE}\n`)
  .exitOverride();

registerPackage(program);
registerValidate(program);
registerDiff(program);
registerDeploy(program);
registerMigrate(program);
registerWatch(program);
registerInfo(program);
registerRemove(program);
registerRollback(program);
registerInvoke(program);
registerLogs(program);
registerExecutions(program);
registerStop(program);
registerRedrive(program);
registerGraph(program);
registerTest(program);

// No top-level await: this is the entry of dist/main.cjs, a CommonJS file (scripts/build.mjs says why).
program.parseAsync(process.argv).catch((err: unknown) => {
  if (!(err instanceof CommanderError)) throw err;
  // --help and --version exit 0; every other commander error is a usage error.
  process.exitCode = err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
});
