import type { SessionInfo, SessionStore } from '../../types.js';
import type { SessionEngine } from './engine.js';
import type { SessionEventName, SessionListener } from './events.js';
import type { TenantContexts } from '../tenants.js';
import { managedEngine } from './tenant-engines.js';

/** Which tenant a management call is about: required with a `tenant` option, refused without one. */
export interface TenantScope {
  tenant?: string;
}

/** What every `session()` edge carries besides the request handler: the store, events, per-user management. */
export interface SessionManagement<Self> {
  /**
   * The satchel store in use (callback stores appear wrapped). With per-tenant `encryption.keys`
   * it is the store as given: each tenant's records are sealed by that tenant's wrapper.
   */
  readonly store: SessionStore;
  /** Subscribes to lifecycle events; payloads carry a keyed hash of the id, never the id (DET-02). */
  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): Self;
  off<E extends SessionEventName>(event: E, listener: SessionListener<E>): Self;
  /**
   * Destroys every session of a user, except the one with store key `exceptKey` (TM-04). With a
   * `tenant` option, `tenant` names whose user it is (`SessionTenantError` without it).
   */
  destroyUserSessions(userId: string, options?: { exceptKey?: string } & TenantScope): Promise<number>;
  /** A user's live sessions, metadata only (TM-05); `{ tenant }` as for `destroyUserSessions`. */
  listUserSessions(userId: string, options?: TenantScope): Promise<SessionInfo[]>;
  /** Ends one of a user's sessions by the `key` `listUserSessions` gave; false when the user has no such session. */
  destroyUserSession(userId: string, key: string, options?: TenantScope): Promise<boolean>;
}

/** Puts {@link SessionManagement} on an edge's handler (a middleware function, a plugin object) and returns it. */
export function withManagement<T extends object>(target: T, engine: SessionEngine<any>, tenants: TenantContexts<any, SessionEngine<any>> | null = null): T & SessionManagement<T> {
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
  api.destroyUserSessions = async (userId, opts) => {
    const { tenant, ...except } = opts ?? {};
    return (await managedEngine(engine, tenants, tenant)).destroyUserSessions(userId, except);
  };
  api.listUserSessions = async (userId, opts) => (await managedEngine(engine, tenants, opts?.tenant)).listUserSessions(userId);
  api.destroyUserSession = async (userId, key, opts) => (await managedEngine(engine, tenants, opts?.tenant)).destroyUserSession(userId, key);
  return api;
}
