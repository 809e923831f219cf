/**
 * The engine's store writes at commit: create-only, update-only and touch, each through the
 * store's synchronous twin when its gate allows (an in-process store: the request that writes
 * ends in the same tick), otherwise through `call` (deadline, typed errors). Either way a failure
 * is a SessionStoreError, thrown or rejected, and the state moves only once the store applied it.
 */
import { SessionConflictError } from '../../errors.js';
import { storeFailure } from '../../operation.js';
import type { SessionPatch, SessionRecord } from '../../types.js';
import type { SessionEventBus } from './events.js';
import type { ResolvedOptions } from './options.js';
import type { DataCapture, SessionState } from './state.js';
import { SyncGate } from './sync-gate.js';

/** What a commit did, for the adapter that writes headers. */
export interface CommitResult {
  /** Issue (or re-issue) the session cookie. */
  setCookie: boolean;
}

// Frozen: the commit results are shared, never mutated.
export const SET_COOKIE: CommitResult = Object.freeze({ setCookie: true });
export const NO_COOKIE: CommitResult = Object.freeze({ setCookie: false });

/** What an update does once the store applied it. */
export interface AfterUpdate {
  cookieMaxAge: number | null;
  now: number;
  expiresAt: number;
  setCookie: boolean;
}

/** What the writes use of their engine. */
interface WritingEngine {
  readonly options: ResolvedOptions<any>;
  readonly events: SessionEventBus;
  hash(id: string): string;
}

export class StoreWrites {
  private readonly twins = { create: new SyncGate('create'), update: new SyncGate('update'), touch: new SyncGate('touch') };

  constructor(private readonly engine: WritingEngine) {}

  create(state: SessionState, data: DataCapture, cookieMaxAge: number | null, now: number, expiresAt: number): CommitResult | Promise<CommitResult> {
    const { store, call, syncCall } = this.engine.options;
    const record: SessionRecord = { data: data.data(), createdAt: state.createdAt, lastSeenAt: now, expiresAt, userId: state.userId, userAgent: state.userAgent };
    const sync = this.twins.create.of(store);
    if (sync === null) return call('create', () => store.create(state.key, record)).then((stored) => this.created(state, data, cookieMaxAge, now, expiresAt, stored));
    let stored: boolean;
    try {
      stored = syncCall ? syncCall('create', () => sync.call(store, state.key, record)) : sync.call(store, state.key, record);
    } catch (error) {
      throw storeFailure('create', error);
    }
    return this.created(state, data, cookieMaxAge, now, expiresAt, stored);
  }

  private created(state: SessionState, data: DataCapture, cookieMaxAge: number | null, now: number, expiresAt: number, stored: boolean): CommitResult {
    if (!stored) throw new SessionConflictError('a session with this id already exists; the new session was not stored');
    saved(state, data, cookieMaxAge, now, expiresAt);
    state.isNew = false;
    const { events } = this.engine;
    if (events.has('created')) events.emit('created', { session: this.engine.hash(state.id) });
    return SET_COOKIE;
  }

  update(state: SessionState, data: DataCapture, patch: SessionPatch, after: AfterUpdate): CommitResult | Promise<CommitResult> {
    const { store, call, syncCall } = this.engine.options;
    const sync = this.twins.update.of(store);
    if (sync === null) return call('update', () => store.update(state.key, patch)).then((applied) => this.updated(state, data, after, applied));
    let applied: boolean;
    try {
      applied = syncCall ? syncCall('update', () => sync.call(store, state.key, patch)) : sync.call(store, state.key, patch);
    } catch (error) {
      throw storeFailure('update', error);
    }
    return this.updated(state, data, after, applied);
  }

  private updated(state: SessionState, data: DataCapture, after: AfterUpdate, applied: boolean): CommitResult {
    if (!applied) {
      this.engine.events.emit('conflict', { session: this.engine.hash(state.id) });
      throw new SessionConflictError();
    }
    saved(state, data, after.cookieMaxAge, after.now, after.expiresAt);
    return after.setCookie ? SET_COOKIE : NO_COOKIE;
  }

  touch(state: SessionState, now: number, expiresAt: number, setCookie: boolean): CommitResult | Promise<CommitResult> {
    const { store, call, syncCall } = this.engine.options;
    const sync = this.twins.touch.of(store);
    if (sync === null) return call('touch', () => store.touch(state.key, expiresAt, now)).then(() => touched(state, now, expiresAt, setCookie));
    try {
      if (syncCall) syncCall('touch', () => sync.call(store, state.key, expiresAt, now));
      else sync.call(store, state.key, expiresAt, now);
    } catch (error) {
      throw storeFailure('touch', error);
    }
    return touched(state, now, expiresAt, setCookie);
  }
}

function touched(state: SessionState, now: number, expiresAt: number, setCookie: boolean): CommitResult {
  state.lastSeenAt = now;
  state.expiresAt = expiresAt;
  return setCookie ? SET_COOKIE : NO_COOKIE;
}

function saved(state: SessionState, data: DataCapture, cookieMaxAge: number | null, now: number, expiresAt: number): void {
  state.snapshot = data.json;
  state.cookieMaxAge = cookieMaxAge;
  state.lastSeenAt = now;
  state.expiresAt = expiresAt;
  state.userIdChanged = false;
  state.forceSave = false;
}
