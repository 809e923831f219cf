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

const DIST = new URL('../../dist/', import.meta.url);

/**
 * Returns export `name` of the built entry `entry` (`dist/<entry>.js`): the HTTP rows measure
 * what users run, not source compiled on the fly by tsx (which adds per-call wrappers).
 * `npm run bench` builds first.
 */
export async function loadBuiltExport<T>(name: string, entry: string): Promise<T> {
  const file = fileURLToPath(new URL(`${entry}.js`, DIST));
  if (!existsSync(file)) throw new NotBuiltError(`dist/${entry}.js is missing: run \`npm run build\``);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  if (!(name in mod)) throw new NotBuiltError(`${name} is not exported by dist/${entry}.js`);
  return mod[name] as T;
}

