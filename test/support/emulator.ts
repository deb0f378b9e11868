// One moto server per test file (vitest runs files in parallel; /moto-api/reset would wipe other files' stacks).
// @ts-expect-error plain ESM script without types; the shape is declared below.
import { startEmulator as start } from '../../scripts/emulator.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { runCliAsync, type AsyncCliResult } from './cli.js';

export interface Emulator {
  endpoint: string;
  port: number;
  version: string;
  /** AWS_ENDPOINT_URL, fake credentials, AWS_REGION=us-east-1, AWS_MAX_ATTEMPTS=1. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

let announced = false;

/**
 * Starts moto on a free loopback port; rejects (the test fails loudly) when it cannot start.
 * `motoNames`: unnamed resources get moto's own names, not CloudFormation's (scripts/moto-launcher.py).
 */
export async function startEmulator(opts: { motoNames?: boolean } = {}): Promise<Emulator> {
  // moto logs every request; a file (not a pipe) keeps it from blocking while a test waits in spawnSync.
  const logFile = join(mkdtempSync(join(tmpdir(), 'stepf-moto-')), 'moto.log');
  const emu = (await start({ logFile, motoNames: opts.motoNames })) as Emulator;
  if (!announced) {
    announced = true;
    process.stderr.write(`stepf tests: AWS emulator is moto ${emu.version} (${emu.endpoint})\n`);
  }
  return emu;
}

/** The moto server of a test file, usable from its hooks and tests once `useEmulator`'s beforeAll has run. */
export interface EmulatorUse {
  readonly endpoint: string;
  readonly env: Record<string, string>;
  /** What the built CLI runs with: this process's environment, the emulator's, and plain output (no colour, no spinner). */
  cliEnv(extra?: Record<string, string>): Record<string, string | undefined>;
  /** The built CLI against the emulator, with `cliEnv()`. */
  stepf(cwd: string, args: string[], opts?: { env?: Record<string, string>; input?: string }): Promise<AsyncCliResult>;
  /** An SDK client for the emulator (fake credentials, no retries), whatever this process's environment says. */
  client<T>(Client: new (config: EmulatorClientConfig) => T, config?: Record<string, unknown>): T;
}

export interface EmulatorClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  maxAttempts: number;
}

/**
 * Starts a moto server for this file (or describe block) before its tests and stops it after them.
 * `processEnv`: also point this process's SDK clients (`new SFNClient({})`, src/aws/) at it.
 */
export function useEmulator(opts: { motoNames?: boolean; processEnv?: boolean } = {}): EmulatorUse {
  let emu: Emulator | undefined;
  const running = (): Emulator => {
    if (!emu) throw new Error('useEmulator: the emulator starts in beforeAll; use it inside a hook or a test');
    return emu;
  };
  beforeAll(async () => {
    emu = await startEmulator({ motoNames: opts.motoNames });
    if (opts.processEnv) Object.assign(process.env, emu.env);
  });
  afterAll(async () => {
    await emu?.stop();
  });
  const cliEnv = (extra: Record<string, string> = {}) => ({ ...process.env, ...running().env, NO_COLOR: '1', CI: '1', ...extra });
  return {
    get endpoint() {
      return running().endpoint;
    },
    get env() {
      return running().env;
    },
    cliEnv,
    stepf: (cwd, args, o = {}) => runCliAsync(args, { cwd, env: cliEnv(o.env), input: o.input }),
    client: (Client, config = {}) =>
      new Client({ endpoint: running().endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, ...config }),
  };
}
