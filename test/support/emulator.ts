// One moto server per test file (vitest runs files in parallel; /moto-api/reset would wipe other files' stacks).
// @ts-expect-error plain ESM script without types; the shape is declared below.
import { startEmulator as start } from '../../scripts/emulator.mjs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
