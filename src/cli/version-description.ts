// What the versions a deploy publishes say: --description, else the commit the service is at.
import { execFileSync } from 'node:child_process';

/** `<short hash> <subject>` of HEAD in `cwd`, or undefined outside a git work tree (or without git). */
export function gitCommitDescription(cwd: string): string | undefined {
  try {
    const text = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return text || undefined;
  } catch {
    return undefined;
  }
}
