import { decodeCookieValue, readCookieValues } from '../../http/cookie-header.js';
import { storeFailure } from '../../operation.js';
import type { JsonObject, SessionRecord } from '../../types.js';
import type { SessionEventBus, RejectReason } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { CookieSigner } from '../../crypto/signer.js';
import type { SessionState } from './state.js';
import { snapshotOf, storedCookieMaxAge } from './state.js';
import { SyncGate } from './sync-gate.js';
import { checkRecord } from './record-shape.js';
import { expiryReason, finiteTimes, sessionTimeouts } from '../timeouts.js';

/** The outcome of reading a request's cookie. */
export interface LoadResult {
  state: SessionState;
  /** A cookie was presented but gave no live session (so a clearing cookie may be due). */
  presented: boolean;
  /** The loaded record's data, or null for a fresh session. */
  data: JsonObject | null;
}

/** A cookie that verified: the id it carries and which secret signed it. */
interface Verified {
  id: string;
  index: number;
}

/** What the reader uses of its engine. */
export interface ReaderEngine<Req> {
  readonly options: ResolvedOptions<Req>;
  readonly events: SessionEventBus;
  hash(id: string): string;
  keyOf(id: string): string;
  fresh(req: Req, userAgent: string | null): SessionState;
}

/**
 * The engine's read side: from a Cookie header to a loaded or fresh session state. Every bad
 * cookie is a fresh session and a `rejected` event, never an exception (IN-04).
 */
export class SessionReader<Req> {
  private readonly syncRead = new SyncGate('get');

  constructor(
    private readonly engine: ReaderEngine<Req>,
    private readonly signer: CookieSigner,
  ) {}

  private reject(reason: RejectReason, session?: string): void {
    this.engine.events.emit('rejected', session === undefined ? { reason } : { reason, session });
  }

  /** Verifies one raw cookie value; never throws (IN-04). */
  private verify(raw: string): Verified | RejectReason {
    const decoded = decodeCookieValue(raw);
    if (decoded === null) return 'malformed';
    if (!decoded.startsWith('s:')) return 'unsigned';
    const unsigned = this.signer.unsign(decoded.slice(2));
    if (!unsigned) return 'bad_signature';
    if (!this.engine.options.validateId(unsigned.value)) return 'malformed';
    return { id: unsigned.value, index: unsigned.index };
  }

  /**
   * Reads the session cookie and loads its record. Every bad cookie becomes a fresh session and
   * a `rejected` event, with no store call (IN-01..04); duplicates are tried in header order and
   * the first that verifies wins (IN-02). Store failures reject with `SessionStoreError`.
   * Synchronous when no store call is needed or the store reads synchronously (`getSync`); a
   * synchronous store failure is thrown as `SessionStoreError`.
   */
  load(req: Req, cookieHeader: string | undefined, cookieName: string, userAgent: string | null): LoadResult | Promise<LoadResult> {
    const candidates = readCookieValues(cookieHeader, cookieName);
    for (let i = 0; i < candidates.oversized; i++) this.reject('oversized');
    if (candidates.truncated) this.reject('too_many');
    if (candidates.values.length > 1) this.reject('duplicate');
    const presented = candidates.values.length > 0 || candidates.oversized > 0;
    let found: Verified | undefined;
    for (const raw of candidates.values) {
      const result = this.verify(raw);
      if (typeof result === 'string') this.reject(result);
      else {
        found = result;
        break;
      }
    }
    if (!found) return { state: this.engine.fresh(req, userAgent), presented, data: null };
    const key = this.engine.keyOf(found.id);
    const { store } = this.engine.options;
    // A legacy unhashed record needs the migrating async read.
    const getSync = this.engine.options.legacyUnhashedKeys ? null : this.syncRead.of(store);
    if (getSync) {
      let record: SessionRecord | null;
      try {
        const observed = this.engine.options.syncCall;
        record = observed ? observed('get', () => getSync.call(store, key, { includeExpired: true })) : getSync.call(store, key, { includeExpired: true });
      } catch (error) {
        throw storeFailure('get', error);
      }
      record = checkRecord(record, 'get');
      return this.loaded(req, found, key, record, userAgent);
    }
    const verified = found;
    return this.fetch(found.id, key).then((record) => this.loaded(req, verified, key, record, userAgent));
  }

  /** The load's outcome for the record a verified cookie named (null: none). */
  private loaded(req: Req, found: Verified, key: string, record: SessionRecord | null, userAgent: string | null): LoadResult | Promise<LoadResult> {
    if (!record) {
      this.reject('unknown_id', this.engine.hash(found.id));
      return { state: this.engine.fresh(req, userAgent), presented: true, data: null };
    }
    const now = this.engine.options.now();
    const cookieMaxAge = storedCookieMaxAge(record);
    const timeouts = sessionTimeouts(this.engine.options.timeouts, cookieMaxAge);
    // Re-checked here whatever the store did (TO-03), and against today's absolute bound. The read
    // asked for expired records too, so a timed-out session is reported as such, not as unknown.
    // A non-finite time (NaN or Infinity from a corrupt or foreign record) reads as expired,
    // never as a session that lives forever: `now >= NaN` alone would be false.
    if (!finiteTimes(record) || now >= Math.min(record.expiresAt, record.createdAt + timeouts.absolute)) {
      this.engine.events.emit('expired', { session: this.engine.hash(found.id), reason: expiryReason(timeouts, record.createdAt, now) });
      return this.discard(key).then(() => ({ state: this.engine.fresh(req, userAgent), presented: true, data: null }));
    }
    return {
      presented: true,
      data: record.data,
      state: {
        id: found.id,
        key,
        isNew: false,
        createdAt: record.createdAt,
        lastSeenAt: record.lastSeenAt,
        expiresAt: record.expiresAt,
        userId: record.userId,
        userIdChanged: false,
        userAgent: record.userAgent,
        snapshot: snapshotOf(record.data),
        cookieMaxAge,
        destroyed: false,
        resign: found.index > 0,
        forceSave: false,
      },
    };
  }

  /** Reads a record, migrating a legacy unhashed one to its hashed key when enabled. */
  private async fetch(id: string, key: string): Promise<SessionRecord | null> {
    const { store, call } = this.engine.options;
    const record = checkRecord(await call('get', () => store.get(key, { includeExpired: true })), 'get');
    if (record || !this.engine.options.legacyUnhashedKeys || key === id) return record;
    // Live legacy records only: an expired one must not be migrated (re-created) under the new key.
    const legacy = checkRecord(await call('get', () => store.get(id)), 'get');
    if (!legacy) return null;
    await call('create', () => store.create(key, legacy));
    await call('destroy', () => store.destroy(id));
    return legacy;
  }

  /**
   * Deletes a dead record found on load. Best effort: the session is already over for this
   * request, and the store's own expiry removes the record anyway, so a failure is only reported.
   */
  private async discard(key: string): Promise<void> {
    try {
      await this.engine.options.call('destroy', () => this.engine.options.store.destroy(key));
    } catch (error) {
      if (error instanceof Error) this.engine.events.emit('error', { error });
    }
  }
}
