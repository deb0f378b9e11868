import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { userError } from '../errors.js';
import { packageService, type PackageResult } from '../pipeline.js';
import { printWarnings, summaryJson, summaryText } from '../report/package-summary.js';
import type { PackageFlags } from './package.js';

/** Writes via a temp file and a rename, so an error never leaves a half-written template. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temp file was never made (its folder is not one).
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code && ['EACCES', 'EPERM', 'EISDIR', 'ENOTDIR', 'ENOENT', 'EROFS', 'ENOSPC', 'EEXIST'].includes(code)) {
      const e = err as NodeJS.ErrnoException;
      const why =
        code === 'EEXIST' && e.syscall === 'mkdir' ? `${e.path} is a file, not a folder`
        : code === 'ENOTDIR' ? `a part of ${dirname(file)} is a file, not a folder`
        : e.message.replace(/^\w+: /, '');
      throw userError(`cannot write ${file}: ${why}`, { hint: 'choose another path with --out, or check that its folder is writable' });
    }
    throw err;
  }
}

export async function runPackage(flags: PackageFlags & { params: Record<string, string> }): Promise<number> {
  const cwd = process.cwd();
  let remote;
  if (flags.resolveRemote) {
    const mod = await import('../aws/remote-sources.js');
    remote = mod.createRemoteSources({ region: flags.region });
  }
  const result: PackageResult = await packageService({
    cwd,
    stage: flags.stage,
    region: flags.region,
    config: flags.config,
    stackName: flags.stackName,
    params: flags.params,
    remote,
    validate: flags.validate,
  });
  if (flags.stdout) {
    printWarnings(result.warnings);
    process.stdout.write(`${result.templateBody}\n`);
    return 0;
  }
  const outDir = resolve(cwd, flags.out ?? join('.stepf', result.stage));
  const file = join(outDir, 'template.json');
  writeAtomic(file, `${result.templateBody}\n`);
  const shown = relative(cwd, file) || file;
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(summaryJson(result, shown), null, 2)}\n`);
  } else {
    printWarnings(result.warnings);
    process.stdout.write(summaryText(result, shown));
  }
  return 0;
}
