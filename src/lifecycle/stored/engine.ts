import type { SessionInfo, SessionRecord } from '../../types.js';
import { SessionEventBus } from './events.js';
import { createCookieSigner } from '../../crypto/signer.js';
import type { CookieSigner } from '../../crypto/signer.js';
import { eventHash, hashStoreKey } from '../../crypto/ids.js';
import type { ResolvedOptions } from './options.js';
import { DataCapture, diffData, matchesSnapshot, snapshotOf, storedCookieMaxAge } from './state.js';

export type { LoadResult } from './reader.js';
import type { SessionState } from './state.js';
import { computeExpiresAt, finiteTimes, sessionTimeouts } from '../timeouts.js';
import { SessionReader, type LoadResult } from './reader.js';
import { normalizeUserId } from './user-binding.js';
import { checkRecord } from './record-shape.js';
import { NO_COOKIE, SET_COOKIE, StoreWrites, type CommitResult } from './writes.js';
import { destroyUserSession, destroyUserSessions, listUserSessions } from './users.js';

export { NO_COOKIE, SET_COOKIE, type CommitResult } from './writes.js';

/**
 * The framework-free session engine: cookie header in, session state out; state and data in,
 * store operations and a cookie decision out. One instance per middleware, and one per tenant
 * of a per-tenant middleware (tenant-engines.ts).
 */
export class SessionEngine<Req = unknown> {
  private readonly signer: CookieSigner;
  private readonly reader: SessionReader<Req>;
  private readonly writes: StoreWrites;

  /** `events`: a tenant's engine emits on the middleware's bus, tagged with the tenant. */
  constructor(
    readonly options: ResolvedOptions<Req>,
    readonly events: SessionEventBus = new SessionEventBus(),
  ) {
    this.signer = createCookieSigner(options.secrets);
    this.reader = new SessionReader(this, this.signer);
    this.writes = new StoreWrites(this);
  }

  /** Keyed hash of an id for events (DET-02). */
  hash(id: string): string {
    return eventHash(this.options.eventKey, id);
  }

  /** The store key of an id: its SHA-256, so a leaked store dump names no live cookie (SID-05). */
  keyOf(id: string): string {
    return hashStoreKey(id);
  }

  /** The cookie value for a state: `s:<id>.<sig>` signed with the first secret. */
  cookieValue(state: SessionState): string {
    return `s:${this.signer.sign(state.id)}`;
  }

  /** A new, unsaved session (strict mode: never adopts a presented id — SID-03). */
  fresh(req: Req, userAgent: string | null): SessionState {
    const id = this.options.genid(req);
    const now = this.options.now();
    return {
      id,
      key: this.keyOf(id),
      isNew: true,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: computeExpiresAt(this.options.timeouts, now, now, this.options.fallbackTtl),
      userId: null,
      userIdChanged: false,
      userAgent,
      snapshot: new Map(),
      cookieMaxAge: null,
      destroyed: false,
      resign: false,
      forceSave: false,
    };
  }

  /**
   * Reads the session cookie and loads its record (see {@link SessionReader.load}): synchronous
   * when no store call is needed or the store reads synchronously.
   */
  load(req: Req, cookieHeader: string | undefined, cookieName: string, userAgent: string | null): LoadResult | Promise<LoadResult> {
    return this.reader.load(req, cookieHeader, cookieName, userAgent);
  }

  /** Re-reads the record of a saved session; null when it is gone or expired. */
  async reload(state: SessionState): Promise<SessionRecord | null> {
    if (state.isNew) return null;
    const record = checkRecord(await this.options.call('get', () => this.options.store.get(state.key)), 'get');
    if (!record || !finiteTimes(record) || this.options.now() >= record.expiresAt) return null;
    state.snapshot = snapshotOf(record.data);
    state.cookieMaxAge = storedCookieMaxAge(record);
    state.lastSeenAt = record.lastSeenAt;
    state.expiresAt = record.expiresAt;
    state.userId = record.userId;
    return record;
  }

  /**
   * What changed since the load or last save. Data that still matches the snapshot key for key
   * (the usual read) is answered without capturing it: `data` and `diff` are then null, and a
   * write that follows anyway (a cookie change, forceSave, resave) captures it itself.
   */
  private changes(state: SessionState, source: object, cookieMaxAge: number | null) {
    const cookieChanged = cookieMaxAge !== state.cookieMaxAge;
    const persistent = cookieMaxAge !== null;
    if (matchesSnapshot(state.snapshot, source)) return { data: null, diff: null, changed: cookieChanged || state.userIdChanged, cookieChanged, persistent };
    const data = new DataCapture(source);
    const diff = diffData(state.snapshot, data);
    const changed = Object.keys(diff.set).length > 0 || diff.unset.length > 0 || cookieChanged || state.userIdChanged;
    return { data, diff, changed, cookieChanged, persistent };
  }

  /**
   * Whether committing now would issue the cookie, decided without touching the store: used when
   * the app streams and headers go out before the save can run.
   */
  wouldSetCookie(state: SessionState, source: object, cookieMaxAge: number | null): boolean {
    if (state.destroyed) return false;
    this.bindUser(state, source);
    const { changed, cookieChanged, persistent } = this.changes(state, source, cookieMaxAge);
    if (state.isNew) return changed || state.forceSave || this.options.saveUninitialized;
    if (state.activity === 'passive') return cookieChanged;
    if (state.resign || this.options.rolling || state.activity === 'rolling' || state.forceSave || cookieChanged) return true;
    return persistent && (changed || this.options.resave || this.options.now() - state.lastSeenAt >= this.options.touchAfter);
  }

  /**
   * Persists what changed: create-only for a new session, an update-only patch of changed
   * top-level keys for an existing one (TM-03), or a throttled touch when nothing changed (TO-05).
   * A missing record on update is a `SessionConflictError` and a `conflict` event, never a re-create.
   * `source` holds the data as enumerable keys (`req.session`); it is read as JSON, never aliased.
   */
  commit(state: SessionState, source: object, cookieMaxAge: number | null): CommitResult | Promise<CommitResult> {
    // Synchronous when there is nothing to store (the usual read-only request), so the response
    // is not held for a promise round; a promise only when a store call runs.
    if (state.destroyed) return NO_COOKIE;
    this.bindUser(state, source);
    const now = this.options.now();
    const timeouts = sessionTimeouts(this.options.timeouts, cookieMaxAge);
    const expiresAt = computeExpiresAt(timeouts, state.createdAt, now, this.options.fallbackTtl);
    const { data, diff, changed, cookieChanged, persistent } = this.changes(state, source, cookieMaxAge);
    if (state.isNew) {
      if (!changed && !state.forceSave && !this.options.saveUninitialized) return NO_COOKIE;
      return this.writes.create(state, data ?? new DataCapture(source), cookieMaxAge, now, expiresAt);
    }
    // Per-route activity (lifecycle/activity.ts): 'passive' saves a change under the deadline and
    // `lastSeenAt` it came with and sends the cookie only when the route changed it; 'rolling'
    // re-issues it and moves the idle deadline now, past the `touchAfter` throttle.
    const passive = state.activity === 'passive';
    const rolling = state.activity === 'rolling' || this.options.rolling;
    if (changed || state.forceSave || this.options.resave) {
      const captured = data ?? new DataCapture(source);
      // No diff: the data matched the snapshot, so nothing but the cookie (if it changed) is set.
      const set = this.options.resave ? captured.data() : (diff?.set ?? {});
      if (cookieChanged && captured.cookie !== undefined) set.cookie = captured.value('cookie');
      // touch() marks lastSeenAt -Infinity; a passive save never writes that.
      const lastSeenAt = passive && Number.isFinite(state.lastSeenAt) ? state.lastSeenAt : now;
      const until = passive ? state.expiresAt : expiresAt;
      const patch = { set, unset: diff?.unset ?? [], expiresAt: until, lastSeenAt, ...(state.userIdChanged ? { userId: state.userId } : {}) };
      const setCookie = passive ? cookieChanged : state.resign || rolling || cookieChanged || persistent;
      return this.writes.update(state, captured, patch, { cookieMaxAge, now: lastSeenAt, expiresAt: until, setCookie });
    }
    if (passive) return NO_COOKIE;
    if (state.activity === 'rolling' || now - state.lastSeenAt >= this.options.touchAfter) return this.writes.touch(state, now, expiresAt, state.resign || rolling || persistent);
    return state.resign || rolling ? SET_COOKIE : NO_COOKIE;
  }

  /** Follows the user the data names (Passport's `passport.user` by default); a change is saved with the data. */
  private bindUser(state: SessionState, source: object): void {
    const from = this.options.userIdFrom;
    if (from === null) return;
    const userId = normalizeUserId(from(source as Record<string, unknown>));
    if (userId === undefined || userId === state.userId) return;
    state.userId = userId;
    state.userIdChanged = true;
    if (userId !== null) this.events.emit('login', { session: this.hash(state.id), userId });
  }

  /** Deletes the record (TM-01) and marks the state so nothing can save it again. */
  async destroy(state: SessionState): Promise<void> {
    if (!state.isNew) await this.options.call('destroy', () => this.options.store.destroy(state.key));
    state.destroyed = true;
    this.events.emit('destroyed', { session: this.hash(state.id) });
  }

  /**
   * A new state under a fresh id (LC-01), at once, and the old record's deletion as `done`. The
   * new state is saved at commit, which waits for `done`; when the deletion fails the new state
   * is void (never saved), so a failed regenerate changes nothing in the store.
   */
  regenerate(state: SessionState, req: Req): { state: SessionState; done: Promise<void> } {
    const next = this.fresh(req, state.userAgent);
    next.forceSave = true;
    const done = this.destroyQuietly(state).then(
      () => this.events.emit('regenerated', { session: this.hash(next.id), previous: this.hash(state.id) }),
      (error: unknown) => {
        next.destroyed = true;
        throw error;
      },
    );
    return { state: next, done };
  }

  private async destroyQuietly(state: SessionState): Promise<void> {
    if (!state.isNew) await this.options.call('destroy', () => this.options.store.destroy(state.key));
    state.destroyed = true;
  }

  /** Cookie Max-Age in seconds for a state: never beyond the server-side expiry (CK-09). */
  cookieMaxAgeSeconds(state: SessionState, cookieMaxAge: number | null): number | null {
    if (cookieMaxAge === null) return null;
    const now = this.options.now();
    const timeouts = sessionTimeouts(this.options.timeouts, cookieMaxAge);
    const remaining = Math.max(0, computeExpiresAt(timeouts, state.createdAt, now, this.options.fallbackTtl) - now);
    return Math.floor(Math.min(cookieMaxAge, remaining) / 1000);
  }

  /** Live sessions of a user (metadata only — TM-05). */
  listUserSessions(userId: string): Promise<SessionInfo[]> {
    return listUserSessions(this.options, userId);
  }

  /** Destroys one of a user's sessions by store key; false when the user has no such session. */
  destroyUserSession(userId: string, key: string): Promise<boolean> {
    return destroyUserSession(this.options, userId, key);
  }

  /** Destroys a user's sessions, optionally all but one store key (TM-04). */
  destroyUserSessions(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return destroyUserSessions(this.options, userId, options);
  }
}
