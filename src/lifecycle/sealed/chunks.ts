/**
 * Opt-in chunking (ST-10): a seal too big for one cookie is split over `<name>.0 … <name>.<n-1>`.
 * The seal is authenticated as a whole and its AAD carries the chunk count, so a missing,
 * extra or foreign chunk makes the reassembled value fail to open.
 */
import { CookieTooLargeError } from '../../errors.js';
import type { SealTimes } from '../../crypto/seal.js';
import type { SealedCookieObserver } from '../telemetry-hooks.js';
import { serializeCookie, type SealedCookieAttributes } from './cookie-io.js';
import { COOKIE_LIMIT } from './limits.js';
import type { ResolvedCookieSessionOptions } from './options.js';

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

/**
 * Seals `json` into `out` as one Set-Cookie line, or as chunks when it is too large and chunking
 * is on; returns the cookie names set. `observe` hears what the browser will store (`name=value`
 * of every chunk; ASCII, so characters are bytes).
 */
export function sealCookies(
  config: Pick<ResolvedCookieSessionOptions, 'sealer' | 'purpose' | 'maxChunks'>,
  json: string,
  name: string,
  times: SealTimes,
  now: number,
  attrs: SealedCookieAttributes,
  out: string[],
  observe: SealedCookieObserver | null | undefined,
): string[] {
  const { sealer, purpose } = config;
  const single = sealer.sealJson(json, { name, purpose, context: partsContext(1) }, times, now);
  if (name.length + single.length <= COOKIE_LIMIT) {
    out.push(serializeCookie(name, single, attrs));
    observe?.(name.length + 1 + single.length, 1);
    return [name];
  }
  const parts = chunkCount(name, single.length);
  if (config.maxChunks < 2 || parts > config.maxChunks) throw new CookieTooLargeError(name.length + single.length, COOKIE_LIMIT, config.maxChunks);
  // The seal's length does not depend on its AAD, so the count computed above still holds.
  const whole = sealer.sealJson(json, { name, purpose, context: partsContext(parts) }, times, now);
  let bytes = 0;
  const names = splitChunks(whole, parts).map((value, i) => {
    const chunk = chunkName(name, i);
    out.push(serializeCookie(chunk, value, attrs));
    bytes += chunk.length + 1 + value.length;
    return chunk;
  });
  observe?.(bytes, parts);
  return names;
}
