/**
 * A store whose records hold no readable session data: every top-level value sealed on its own
 * (so each store's changed-keys-only patch stays atomic and two requests writing different keys
 * still lose nothing), the user id as a keyed hash, the user agent sealed; times stay in the clear
 * because the store must expire and index by them. Plain records (written before encryption was
 * turned on) still read, and each value is sealed the next time it is written.
 */
import { SessionStoreError } from '../../errors.js';
import { defineData } from '../../data.js';
import { isSealedValue, type AtRestCipher } from '../../crypto/at-rest.js';
import { SyncGate, type SyncPair } from './sync-gate.js';
import type { JsonObject, SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../../types.js';

// The user agent's field in the seal's binding; never stored under this name.
const USER_AGENT_FIELD = '$satchel:userAgent';
/**
 * Where the real user id is kept, sealed, inside the data: the store's user column holds only the
 * keyed hash, and the engine must get the id back (Passport's binding compares it every request).
 * Stripped before the engine sees the data; every store accepts the name (Mongo's codec escapes `$`).
 */
export const USER_FIELD = '$satchel:user';

/** What `encryption.write: false` keeps: reading sealed records while writing plain ones again (turning encryption off). */
export interface AtRestMode {
  write: boolean;
}

function unreadable(operation: string): SessionStoreError {
  return new SessionStoreError(
    operation,
    'a session value sealed at rest did not open: it was changed in the store, moved to another session, or sealed with a key missing from encryption.keys',
  );
}

export function sealedAtRest(inner: SessionStore, cipher: AtRestCipher, mode: AtRestMode): SessionStore {
  const sealData = (key: string, data: JsonObject): JsonObject => {
    if (!mode.write) return data;
    const out: JsonObject = {};
    for (const field of Object.keys(data)) defineData(out, field, cipher.sealValue(key, field, data[field]));
    return out;
  };
  const userColumn = (userId: string | null): string | null => (userId === null || !mode.write ? userId : cipher.userHashes(userId)[0]!);
  const sealAgent = (key: string, agent: string | null): string | null => (agent === null || !mode.write ? agent : cipher.sealText(key, USER_AGENT_FIELD, agent));
  const openAgent = (key: string, agent: string | null | undefined): string | null => {
    if (agent === null || agent === undefined) return null;
    // A device hint, never used for authentication: one sealed with a key since dropped (a patch
    // cannot re-seal it; only a new session writes it) reads as unknown rather than failing the session.
    return cipher.openText(key, USER_AGENT_FIELD, agent);
  };

  function openRecord(key: string, record: SessionRecord | null, operation: string): SessionRecord | null {
    if (record === null || record === undefined || typeof record !== 'object' || record.data === null || typeof record.data !== 'object') return record;
    const data: JsonObject = {};
    let userId = record.userId ?? null;
    for (const field of Object.keys(record.data)) {
      const value = record.data[field];
      if (!isSealedValue(value)) {
        if (field !== USER_FIELD) defineData(data, field, value);
        continue;
      }
      const opened = cipher.openValue(key, field, value);
      if (opened === null) throw unreadable(operation);
      if (field === USER_FIELD) userId = typeof opened.value === 'string' ? opened.value : null;
      else defineData(data, field, opened.value);
    }
    return { ...record, data, userId, userAgent: openAgent(key, record.userAgent) };
  }

  // Records written before encryption was turned on (or with write: false) hold the plain id.
  const hashesOf = (userId: string) => [...cipher.userHashes(userId), userId];

  const sealRecord = (key: string, record: SessionRecord): SessionRecord => {
    const data = sealData(key, record.data);
    if (mode.write && record.userId !== null) data[USER_FIELD] = cipher.sealValue(key, USER_FIELD, record.userId);
    return { ...record, data, userId: userColumn(record.userId), userAgent: sealAgent(key, record.userAgent) };
  };
  const sealPatch = (key: string, patch: SessionPatch): SessionPatch => {
    const sealed: SessionPatch = { ...patch, set: sealData(key, patch.set) };
    if (patch.userId !== undefined) {
      sealed.userId = userColumn(patch.userId);
      if (mode.write && patch.userId !== null) sealed.set[USER_FIELD] = cipher.sealValue(key, USER_FIELD, patch.userId);
      else sealed.unset = [...patch.unset, USER_FIELD];
    }
    return sealed;
  };

  const store: SessionStore = {
    get: async (key, options?: SessionGetOptions) => openRecord(key, await inner.get(key, options), 'get'),
    create: (key, record) => inner.create(key, sealRecord(key, record)),
    update: (key, patch) => inner.update(key, sealPatch(key, patch)),
    destroy: (key) => inner.destroy(key),
    touch: (key, expiresAt, lastSeenAt) => inner.touch(key, expiresAt, lastSeenAt),
  };
  // The synchronous twins pass through (sealing is synchronous), so an in-process store keeps its
  // same-tick requests; each is offered only while the inner store's own gate allows it, so an
  // inner store whose `update` is patched or overridden still sees every write.
  const twins: Required<Pick<SessionStore, `${SyncPair}Sync`>> = {
    getSync: (key, options) => openRecord(key, inner.getSync!(key, options), 'get'),
    createSync: (key, record) => inner.createSync!(key, sealRecord(key, record)),
    updateSync: (key, patch) => inner.updateSync!(key, sealPatch(key, patch)),
    touchSync: (key, expiresAt, lastSeenAt) => inner.touchSync!(key, expiresAt, lastSeenAt),
  };
  for (const name of ['get', 'create', 'update', 'touch'] as const) {
    const gate = new SyncGate(name);
    Object.defineProperty(store, `${name}Sync`, { enumerable: true, get: () => (gate.of(inner) ? twins[`${name}Sync`] : undefined) });
  }
  if (inner.listByUser) {
    store.listByUser = async (userId) => {
      // One listing per ring key: sessions written before a rotation are indexed under the older hash.
      const seen = new Map<string, SessionInfo>();
      for (const hash of hashesOf(userId)) {
        for (const info of await inner.listByUser!(hash)) seen.set(info.key, { ...info, userAgent: openAgent(info.key, info.userAgent) });
      }
      return [...seen.values()];
    };
  }
  if (inner.destroyByUser) {
    store.destroyByUser = async (userId, options) => {
      let ended = 0;
      for (const hash of hashesOf(userId)) ended += await inner.destroyByUser!(hash, options);
      return ended;
    };
  }
  if (inner.all) store.all = async () => (await inner.all!()).map(({ key, record }) => ({ key, record: openRecord(key, record, 'all')! }));
  for (const name of ['ids', 'length', 'clear', 'prune', 'close'] as const) {
    const method = inner[name];
    if (method) (store as unknown as Record<string, unknown>)[name] = method.bind(inner);
  }
  return store;
}
