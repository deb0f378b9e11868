// Which files `${file()}` may read. Serverless allows files outside the service, so stepf reads them
// (with a warning naming the resolved path); but a pull request's serverless.yml must not carry a
// runner's secrets into a template that is uploaded and deployed, so known secret locations are refused
// unless --allow-file names them. Paths are judged after symlinks are resolved.
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';

export interface FileAccess {
  /** The service folder, symlinks resolved. */
  serviceDir: string;
  /** --allow-file paths (files or folders), absolute, symlinks resolved. */
  allowed: string[];
  home: string;
}

export type Verdict =
  | { kind: 'inside' | 'allowed'; real: string }
  | { kind: 'outside'; real: string }
  | { kind: 'secret'; real: string; what: string };

/** Under a home folder (the user's own, or any other on the machine). */
const HOME_SECRETS: Array<[RegExp, string]> = [
  [/^\.aws(\/|$)/, 'AWS credentials and config'],
  [/^\.ssh(\/|$)/, 'SSH keys'],
  [/^\.gnupg(\/|$)/, 'GnuPG keys'],
  [/^\.docker\/config\.json$/, 'Docker registry credentials'],
  [/^\.kube(\/|$)/, 'Kubernetes credentials'],
  [/^\.azure(\/|$)/, 'Azure credentials'],
  [/^\.config\/(gcloud|gh|hub)(\/|$)/, 'cloud or GitHub CLI credentials'],
  [/^\.(netrc|npmrc|pypirc|git-credentials|vault-token)$/, 'stored credentials'],
  [/^\.terraform\.d\/credentials\.tfrc\.json$/, 'Terraform credentials'],
];

const SYSTEM_SECRETS: Array<[RegExp, string]> = [
  [/^\/etc\/(shadow|gshadow|sudoers)(-|$)/, 'system passwords'],
  [/^\/etc\/ssh\//, 'the host SSH keys'],
  [/^\/proc\//, 'process memory and environment (/proc/*/environ)'],
  [/^\/(var\/)?run\/secrets(\/|$)/, 'container secrets'],
];

const HOMES = /^(?:\/root|\/home\/[^/]+|\/Users\/[^/]+)\/(.*)$/;

function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

export function fileAccess(serviceDir: string, allowFiles: readonly string[] = [], cwd = process.cwd()): FileAccess {
  return { serviceDir: real(serviceDir), allowed: allowFiles.map((p) => real(resolve(cwd, p))), home: real(homedir()) };
}

const within = (path: string, dir: string): boolean => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

function secretOf(path: string, home: string): string | undefined {
  const unix = path.replace(/\\/g, '/');
  for (const [re, what] of SYSTEM_SECRETS) if (re.test(unix)) return what;
  const rest = within(path, home) ? relative(home, path).replace(/\\/g, '/') : HOMES.exec(unix)?.[1];
  if (rest === undefined) return undefined;
  for (const [re, what] of HOME_SECRETS) if (re.test(rest)) return what;
  return undefined;
}

/** Judges the path as written and as symlinks resolve it: a link inside the service to ~/.aws is a secret too. */
export function judgeFile(abs: string, access: FileAccess): Verdict {
  const target = real(abs);
  if (access.allowed.some((a) => within(target, a) || within(abs, a))) return { kind: 'allowed', real: target };
  const what = secretOf(abs, access.home) ?? secretOf(target, access.home);
  if (what) return { kind: 'secret', real: target, what };
  return within(target, access.serviceDir) ? { kind: 'inside', real: target } : { kind: 'outside', real: target };
}
