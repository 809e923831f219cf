/**
 * Opt-in chunking (ST-10): a seal too big for one cookie is split over `<name>.0 … <name>.<n-1>`.
 * The seal is authenticated as a whole and its AAD carries the chunk count, so a missing,
 * extra or foreign chunk makes the reassembled value fail to open.
 */
import { COOKIE_LIMIT } from './limits.js';

/** AAD context for a seal carried in `parts` cookies. */
export function partsContext(parts: number): string {
  // A single cookie is nearly every seal: one constant string rather than a new one per call.
  return parts === 1 ? PARTS_1 : `parts=${parts}`;
}

const PARTS_1 = 'parts=1';

/** Name of chunk `index` of cookie `name`. */
export function chunkName(name: string, index: number): string {
  return `${name}.${index}`;
}

/** How many chunks a seal of `length` characters needs under cookie `name`. */
export function chunkCount(name: string, length: number): number {
  // Chunk names grow with the index; size every chunk for the longest name (index < 10).
  const capacity = COOKIE_LIMIT - chunkName(name, 9).length;
  return Math.max(1, Math.ceil(length / capacity));
}

/** Splits `value` into `parts` pieces that each fit beside their chunk name. */
export function splitChunks(value: string, parts: number): string[] {
  const size = Math.ceil(value.length / parts);
  const out: string[] = [];
  for (let i = 0; i < parts; i++) out.push(value.slice(i * size, (i + 1) * size));
  return out;
}

/** Consecutive chunks `<name>.0 …` present in the request (first candidate of each), at most `max`. */
export function readChunks(get: (name: string) => string[] | undefined, name: string, max: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < max; i++) {
    const value = get(chunkName(name, i))?.[0];
    if (value === undefined) break;
    out.push(value);
  }
  return out;
}
