import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Installs the pinned Python tools (moto server, cfn-lint) into .venv once, before any test file runs. */
export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/venv.sh', import.meta.url));
  execFileSync('bash', [script], { stdio: 'inherit' });
}
