// What the versions a deploy publishes say: --description, else the commit the service is at.

/** `<short hash> <subject>` of HEAD in `cwd`, or undefined outside a git work tree (or without git). */
export async function gitCommitDescription(cwd: string): Promise<string | undefined> {
  // Loaded here, not at start-up: only a service with `versions: true` runs git.
  const { execFileSync } = await import('node:child_process');
  try {
    const text = execFileSync('git', ['log', '-1', '--format=%h %s'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
    return text || undefined;
  } catch {
    return undefined;
  }
}
