import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** `[section]` → key → value, for the AWS shared config/credentials files. */
function parseIni(text: string): Map<string, Record<string, string>> {
  const sections = new Map<string, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const head = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (head) {
      current = {};
      sections.set(head[1].replace(/\s+/g, ' '), current);
      continue;
    }
    const eq = line.indexOf('=');
    if (current && eq > 0) current[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return sections;
}

function readIni(file: string): Map<string, Record<string, string>> {
  try {
    return parseIni(readFileSync(file, 'utf8'));
  } catch {
    return new Map();
  }
}

/**
 * The region the AWS SDK would pick: AWS_REGION (or AWS_DEFAULT_REGION), then `region` of the profile in
 * the shared config file (then the credentials file). Read directly: a 2 kB file is cheaper than the SDK.
 */
export function sdkRegion(env: Record<string, string | undefined>, profile?: string): string | undefined {
  if (env.AWS_REGION) return env.AWS_REGION;
  if (env.AWS_DEFAULT_REGION) return env.AWS_DEFAULT_REGION;
  const name = profile || env.AWS_PROFILE || 'default';
  const home = env.HOME || env.USERPROFILE || homedir();
  const config = readIni(env.AWS_CONFIG_FILE || join(home, '.aws', 'config'));
  const fromConfig = (name === 'default' ? config.get('default') : undefined) ?? config.get(`profile ${name}`);
  if (fromConfig?.region) return fromConfig.region;
  const credentials = readIni(env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials'));
  return credentials.get(name)?.region || undefined;
}
