import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { userError } from '../errors.js';

/** Writes via a temp file and a rename, so an error never leaves a half-written file. */
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
