/**
 * Loads satchel's parts from source at bench time. satchel is built while the bench is written,
 * so a missing module or export becomes a {@link NotBuiltError} (the row reads "n/a") instead of
 * a crash; any other failure is a real error and is shown as such.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { NotBuiltError } from './types.js';

const SRC = new URL('../../src/', import.meta.url);

/**
 * Returns export `name` from the first of `candidates` (paths under `src/`, `.ts`) that exists
 * and has it.
 */
export async function loadSatchelExport<T>(name: string, candidates: readonly string[]): Promise<T> {
  for (const candidate of candidates) {
    const file = fileURLToPath(new URL(candidate, SRC));
    if (!existsSync(file)) continue;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (error) {
      // A module that imports a sibling nobody has written yet is "not built", not broken.
      if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') continue;
      throw error;
    }
    if (name in mod) return mod[name] as T;
  }
  throw new NotBuiltError(`${name} not found in src/{${candidates.join(',')}}`);
}

/** Where the public pieces are expected; the entry file first, then where their authors put them. */
export const SATCHEL_PATHS = {
  session: ['index.ts', 'express/middleware.ts'],
  MemoryStore: ['index.ts', 'store/memory.ts'],
  cookieSession: ['index.ts', 'express/cookie-session.ts'],
  SqliteStore: ['stores/sqlite.ts'],
  RedisStore: ['stores/redis.ts'],
  PostgresStore: ['stores/postgres.ts'],
  createSealer: ['cookie/seal.ts'],
} as const;
