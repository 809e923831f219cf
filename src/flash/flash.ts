/**
 * Flash messages on any session object, with the semantics of connect-flash so views written for
 * it work unchanged: `flash(type, message)` appends and answers the new count of that type,
 * `flash(type)` answers the type's messages and removes them, `flash()` answers all and clears.
 * The messages live under the session's `flash` key, as connect-flash keeps them. Framework-free:
 * it serves `session()` and `cookieSession()` alike because both keep data as enumerable keys.
 */
import { format } from 'node:util';
import { NoSessionError } from '../errors.js';

/** The messages of every type, as `req.flash()` answers them. */
export type FlashMessages = Record<string, string[]>;

/** The session key connect-flash uses: existing sessions and views keep working. */
export const FLASH_KEY = 'flash';

/** `req.flash` as apps call it. */
export interface Flash {
  /** All messages of every type; clears them. */
  (): FlashMessages;
  /** The messages of `type`; removes them. */
  (type: string): string[];
  /** Appends each message (a `%s` format with `args`, or an array); answers how many `type` now has. */
  (type: string, message: string | string[], ...args: unknown[]): number;
}

/** The reading half, as @fastify/flash's `reply.flash(type?)`. */
export interface FlashReader {
  (): FlashMessages;
  (type: string): string[];
}

type Bag = Record<string, unknown>;

function noSession(): NoSessionError {
  return new NoSessionError(
    'flash needs a session: install the session middleware (session() or cookieSession()) before flash, and do not call it after logout',
  );
}

// A plain object of string arrays, or nothing usable: data from an older app or a hand-edited
// store is never trusted to have the shape this module writes.
function storedMessages(session: Bag): FlashMessages | null {
  const value = session[FLASH_KEY];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as FlashMessages) : null;
}

// Values are kept as given, as connect-flash keeps them: apps flash objects too (validation
// errors), and views written for connect-flash read them back unchanged.
function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.slice() as string[];
  return value === undefined || value === null ? [] : [value as string];
}

/**
 * Runs one `req.flash(...)` call against `session`. Reading an empty flash touches nothing, so it
 * neither creates a session nor writes one; the key disappears with its last message, so a
 * session that only ever carried flashes goes back to exactly what it was.
 */
export function flashOn(session: unknown, args: readonly unknown[]): FlashMessages | string[] | number {
  if (session === null || typeof session !== 'object') throw noSession();
  const bag = session as Bag;
  const [type, message, ...rest] = args;
  if (type === undefined) {
    const all = storedMessages(bag);
    if (all === null) return {};
    delete bag[FLASH_KEY];
    const out: FlashMessages = {};
    for (const key of Object.keys(all)) out[key] = listOf(all[key]);
    return out;
  }
  const name = String(type);
  if (message === undefined) {
    const all = storedMessages(bag);
    if (all === null || !Object.hasOwn(all, name)) return [];
    const messages = listOf(all[name]);
    delete all[name];
    if (Object.keys(all).length === 0) delete bag[FLASH_KEY];
    return messages;
  }
  const added: unknown[] = Array.isArray(message) ? message : [rest.length > 0 ? format(message, ...rest) : message];
  let all = storedMessages(bag);
  if (all === null) {
    all = {};
    bag[FLASH_KEY] = all;
  }
  // defineProperty: a type named `__proto__` stays a plain key of the stored object.
  const list: unknown[] = Object.hasOwn(all, name) ? listOf(all[name]) : [];
  list.push(...added);
  Object.defineProperty(all, name, { value: list, enumerable: true, writable: true, configurable: true });
  return list.length;
}

/** A `req.flash` bound to whatever session `sessionOf()` answers at call time (it may be replaced by regenerate or logout). */
export function flashFor(sessionOf: () => unknown): Flash {
  return ((...args: unknown[]) => flashOn(sessionOf(), args)) as Flash;
}
