/**
 * Shared types: the augmentable session data, the store contract every backend implements,
 * and the records that cross it. Framework-free; imported by core, stores and testing alike.
 */

/**
 * The data an application keeps in a session. Augment it to type `req.session`:
 *
 * @example
 * declare module 'satchel' {
 *   interface SessionData { userId: string; cart: string[] }
 * }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface SessionData {}

/** A plain JSON object: what a store persists as a session's data. */
export type JsonObject = { [key: string]: unknown };

/**
 * One stored session. `data` is exactly the session's enumerable keys as plain JSON
 * (for express-session compatibility it includes a `cookie` key when the engine keeps one).
 * Times are milliseconds since the epoch, computed by the engine from the app's clock.
 */
export interface SessionRecord {
  data: JsonObject;
  /** Absolute deadline: after it the record is dead, whatever the backend still returns (STO-02). */
  expiresAt: number;
  /** When the session was first stored; the absolute timeout counts from here (TO-02). */
  createdAt: number;
  /** Last request that refreshed the session (save or touch); the idle timeout counts from here (TO-01). */
  lastSeenAt: number;
  /** User bound with `login()`, or null for an anonymous session; indexed for per-user listing (TM-04/05). */
  userId: string | null;
  /** Device hint for "your devices" lists; never used for authentication. */
  userAgent: string | null;
}

/**
 * An update of an existing session: only the top-level keys that changed, plus the ones deleted.
 * A store applies it atomically and only if the record exists and has not expired (TM-03).
 */
export interface SessionPatch {
  /** Top-level keys to write; each value replaces the stored value of that key as a whole. `null` is a value, not a deletion. */
  set: JsonObject;
  /** Top-level keys to remove. */
  unset: string[];
  expiresAt: number;
  lastSeenAt: number;
  /** `undefined` leaves the bound user as it is; a string or null replaces it. */
  userId?: string | null;
}

/** Metadata of one session for per-user listings: never the id, never the data (TM-05). */
export interface SessionInfo {
  /** The store key (SHA-256 of the id for satchel's engine), safe to show and to pass back to `destroy`. */
  key: string;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userAgent: string | null;
}

/** Options of {@link SessionStore.get}. */
export interface SessionGetOptions {
  /**
   * Also return a record past its `expiresAt` while the backend still holds it (never a destroyed one).
   * @default false
   */
  includeExpired?: boolean;
}

/**
 * The store contract. Every method is async and rejects only with a `SessionStoreError`
 * (driver failures as its `cause`, slow backends as `ERR_SESSION_STORE_TIMEOUT`).
 * Keys are opaque strings of at most 255 characters chosen by the engine
 * (satchel hashes session ids with SHA-256 before they reach a store — SID-05).
 *
 * Run `runStoreSuite` from `satchel/testing` to prove an implementation.
 */
export interface SessionStore {
  /** A short stable name, reported as `satchel.store.name` in telemetry (default: the class name). */
  readonly kind?: string;
  /**
   * The live record, or null when missing or expired (re-check `expiresAt` even if the backend has not purged yet).
   *
   * With `{ includeExpired: true }` a store MAY also return a record past its `expiresAt` that it
   * still physically holds (not yet swept, pruned or TTL-deleted), so the engine can tell "timed
   * out" from "never existed" and emit `expired`. It must never return a destroyed record, and
   * returning null for an expired one stays correct (stores that ignore the option conform).
   * The option changes reads only: `update`, `touch` and `create` still treat such a record as gone.
   */
  get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null>;
  /**
   * Optional: the same read as `get`, answered synchronously, for stores that hold their data in
   * the process (memory, SQLite). The engine prefers it, so a request with a cookie continues in
   * the same tick instead of waiting for promise rounds. It may throw; the engine wraps the error
   * like a failed `get`. Never offer it for a store that would block on the network.
   */
  getSync?(key: string, options?: SessionGetOptions): SessionRecord | null;
  /** Create-only: false (and no write) when a live record with this key already exists. */
  create(key: string, record: SessionRecord): Promise<boolean>;
  /** Update-only: applies the patch atomically; false (and no write) when the record is missing or expired. */
  update(key: string, patch: SessionPatch): Promise<boolean>;
  /**
   * Optional, like `getSync`: `create`, `update` and `touch` answered synchronously, for stores
   * that hold their data in the process. The engine prefers them, so a request that writes ends
   * in the same tick, without promise rounds. Same results, same errors (thrown); never offer
   * them for a store that would block on the network.
   */
  createSync?(key: string, record: SessionRecord): boolean;
  updateSync?(key: string, patch: SessionPatch): boolean;
  touchSync?(key: string, expiresAt: number, lastSeenAt: number): void;
  /** Removes the record; a missing record is not an error. */
  destroy(key: string): Promise<void>;
  /** Moves only `expiresAt`/`lastSeenAt`; a missing or expired record is a no-op, never re-created. */
  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void>;
  /** Live sessions bound to a user, metadata only. */
  listByUser?(userId: string): Promise<SessionInfo[]>;
  /** Destroys a user's sessions, optionally all but one; resolves to how many were destroyed. */
  destroyByUser?(userId: string, options?: { exceptKey?: string }): Promise<number>;
  /** Every live record with its key. */
  all?(): Promise<Array<{ key: string; record: SessionRecord }>>;
  /** Every live key. */
  ids?(): Promise<string[]>;
  /** How many live records. */
  length?(): Promise<number>;
  /** Removes every record this store owns (its table, prefix or collection), nothing else. */
  clear?(): Promise<void>;
  /** Deletes expired records now; resolves to how many. Background pruning calls this too. */
  prune?(): Promise<number>;
  /** Stops timers and background work. Never closes a client the user passed in. */
  close?(): Promise<void>;
}

/** Options every satchel store accepts. */
export interface StoreBaseOptions {
  /**
   * Milliseconds one backend operation may take before it fails with `ERR_SESSION_STORE_TIMEOUT`.
   * @default 5000
   */
  operationTimeout?: number;
  /** Clock for expiry checks; tests inject one. @default Date.now */
  now?: () => number;
}
