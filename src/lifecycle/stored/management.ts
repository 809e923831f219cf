import type { SessionInfo, SessionStore } from '../../types.js';
import type { SessionEngine } from './engine.js';
import type { SessionEventName, SessionListener } from './events.js';

/** What every `session()` edge carries besides the request handler: the store, events, per-user management. */
export interface SessionManagement<Self> {
  /** The satchel store in use (callback stores appear wrapped). */
  readonly store: SessionStore;
  /** Subscribes to lifecycle events; payloads carry a keyed hash of the id, never the id (DET-02). */
  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): Self;
  off<E extends SessionEventName>(event: E, listener: SessionListener<E>): Self;
  /** Destroys every session of a user, except the one with store key `exceptKey` (TM-04). */
  destroyUserSessions(userId: string, options?: { exceptKey?: string }): Promise<number>;
  /** A user's live sessions, metadata only (TM-05). */
  listUserSessions(userId: string): Promise<SessionInfo[]>;
  /** Ends one of a user's sessions by the `key` `listUserSessions` gave; false when the user has no such session. */
  destroyUserSession(userId: string, key: string): Promise<boolean>;
}

/** Puts {@link SessionManagement} on an edge's handler (a middleware function, a plugin object) and returns it. */
export function withManagement<T extends object>(target: T, engine: SessionEngine<any>): T & SessionManagement<T> {
  const api = target as T & SessionManagement<T>;
  Object.defineProperty(api, 'store', { value: engine.options.store, enumerable: true });
  api.on = (event, listener) => {
    engine.events.on(event, listener);
    return target;
  };
  api.off = (event, listener) => {
    engine.events.off(event, listener);
    return target;
  };
  api.destroyUserSessions = (userId, opts) => engine.destroyUserSessions(userId, opts);
  api.listUserSessions = (userId) => engine.listUserSessions(userId);
  api.destroyUserSession = (userId, key) => engine.destroyUserSession(userId, key);
  return api;
}
