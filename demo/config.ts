import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { TIMEOUT_PRESETS } from '../src/index.js';
import type { SessionTimeouts } from '../src/index.js';

/** Everything the demo reads from the environment, resolved once at startup. */
export interface DemoConfig {
  port: number;
  /** Folder for the SQLite file and the generated secrets (git-ignored). */
  dataDir: string;
  /** `memory`, `sqlite`, or a `redis://`, `postgres://`, `mysql://`, `mongodb://` URL. */
  store: string;
  timeouts: SessionTimeouts;
}

const DEFAULT_DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

function positiveMs(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive number of milliseconds, got ${JSON.stringify(raw)}`);
  return value;
}

/** Reads `PORT`, `SATCHEL_DATA_DIR`, `SATCHEL_STORE`, `SATCHEL_IDLE_MS`, `SATCHEL_ABSOLUTE_MS`. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a TCP port number, got ${JSON.stringify(env.PORT)}`);
  const dataDir = resolve(env.SATCHEL_DATA_DIR || DEFAULT_DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const standard = TIMEOUT_PRESETS.standard;
  return {
    port,
    dataDir,
    store: env.SATCHEL_STORE || 'sqlite',
    // Short values (e.g. SATCHEL_IDLE_MS=60000) let you watch a session expire in the panel.
    timeouts: { idle: positiveMs(env, 'SATCHEL_IDLE_MS', standard.idle), absolute: positiveMs(env, 'SATCHEL_ABSOLUTE_MS', standard.absolute) },
  };
}
