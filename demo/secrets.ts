import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The signing secret(s) of `session()` and the sealing keys of `cookieSession()`. */
export interface DemoSecrets {
  /** First signs, all verify (rotation). */
  secrets: string[];
  /** First seals, all open (rotation). */
  keys: string[];
  /** Where they came from, for the start-up log. */
  source: string;
}

interface SecretsFile {
  secret: string;
  keys: string[];
}

const list = (value: string) => value.split(',').map((item) => item.trim()).filter(Boolean);

// Same format as `npx satchel keygen`: 32 random bytes, base64url.
const fresh = () => randomBytes(32).toString('base64url');

function readFile(path: string): SecretsFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<SecretsFile>;
  if (typeof parsed.secret !== 'string' || !Array.isArray(parsed.keys) || parsed.keys.length === 0) {
    throw new Error(`${path} is damaged: delete it to generate new secrets (this logs everyone out)`);
  }
  return { secret: parsed.secret, keys: parsed.keys.map(String) };
}

/**
 * `SATCHEL_SECRET` / `SATCHEL_KEYS` (comma-separated, newest first) win; otherwise the secrets
 * are generated once and kept in `<dataDir>/secrets.json`. A fresh random secret per boot would
 * silently log everyone out at every restart, which is exactly what the demo must not teach.
 */
export function loadSecrets(dataDir: string, env: NodeJS.ProcessEnv = process.env): DemoSecrets {
  const path = join(dataDir, 'secrets.json');
  let stored = readFile(path);
  const fromEnv = Boolean(env.SATCHEL_SECRET && env.SATCHEL_KEYS);
  if (!stored && !fromEnv) {
    try {
      // 'wx': when two processes start together, exactly one writes and both read its file.
      writeFileSync(path, JSON.stringify({ secret: fresh(), keys: [fresh()] }, null, 2) + '\n', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    stored = readFile(path);
  }
  const secrets = env.SATCHEL_SECRET ? list(env.SATCHEL_SECRET) : [stored!.secret];
  const keys = env.SATCHEL_KEYS ? list(env.SATCHEL_KEYS) : stored!.keys;
  const source = [env.SATCHEL_SECRET ? 'SATCHEL_SECRET' : path, env.SATCHEL_KEYS ? 'SATCHEL_KEYS' : path];
  return { secrets, keys, source: [...new Set(source)].join(' + ') };
}
