/** Shapes shared by both directions of the express-session adapter. */

/** Node-style callback as express-session stores take it. */
export type Callback<T = unknown> = (error?: unknown, value?: T) => void;

/**
 * An express-session store: callback `get/set/destroy`, optionally `touch/all/length/clear/ids`.
 * Methods are looked up on every call (express-session's own tests swap them on the instance).
 */
export interface ExpressStoreLike {
  get(sid: string, callback: Callback<unknown>): void;
  set(sid: string, session: unknown, callback: Callback<void>): void;
  destroy(sid: string, callback: Callback<void>): void;
  touch?(sid: string, session: unknown, callback: Callback<void>): void;
  all?(callback: Callback<unknown>): void;
  length?(callback: Callback<number>): void;
  clear?(callback: Callback<void>): void;
  ids?(callback: Callback<string[]>): void;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
}

/**
 * The key under which {@link fromExpressStore} keeps satchel's record metadata inside the
 * session object it hands to an express-session store, so that it survives any store that
 * persists the session as JSON. {@link toExpressStore} strips it on load.
 */
export const SATCHEL_META_KEY = '__satchel';

/** The metadata kept under {@link SATCHEL_META_KEY}: expiresAt, createdAt, lastSeenAt, userId, userAgent, and whether the `cookie` key was added by the adapter. */
export interface SatchelMeta {
  e: number;
  c: number;
  l: number;
  u: string | null;
  a: string | null;
  /** True when the adapter synthesized `cookie` (the record had none); stripped again on read. */
  s?: boolean;
}

/** Marks an express-style store built by `toExpressStore`, to unwrap it instead of double-adapting. */
export const SATCHEL_STORE = Symbol.for('satchel.store');

/**
 * `(sid, session, callback)` on a {@link toExpressStore} adapter: `set` without the create
 * fallback, a no-op when the record is gone. The express-session drop-in saves a session it loaded
 * through it, so a request still running at logout cannot re-create the session. A symbol, so no
 * third-party store method can clash with it.
 */
export const SAVE_EXISTING = Symbol.for('satchel.express-store.save-existing');

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON-ish `expires` (ISO string, Date or number) as epoch ms, or undefined. */
export function expiresOf(cookie: unknown): number | undefined {
  if (!isObject(cookie)) return undefined;
  const raw = cookie.expires;
  if (raw === null || raw === undefined || raw === false) return undefined;
  const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'number' ? raw : Date.parse(String(raw));
  return Number.isFinite(ms) ? ms : undefined;
}
