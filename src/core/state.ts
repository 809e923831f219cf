import type { JsonObject, SessionRecord } from '../types.js';

/**
 * What the engine knows about the session of one request, apart from its data (which lives on
 * the framework's session object). Created by load/fresh/regenerate; mutated by commit.
 */
export interface SessionState {
  readonly id: string;
  readonly key: string;
  /** Not in the store yet: the first write is create-only. */
  isNew: boolean;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  userId: string | null;
  userIdChanged: boolean;
  userAgent: string | null;
  /** JSON of each top-level data key (except `cookie`) as last loaded or saved. */
  snapshot: Map<string, string>;
  /** `cookie.originalMaxAge` as last loaded or saved. */
  cookieMaxAge: number | null;
  destroyed: boolean;
  /** Verified by an old secret: re-issue the cookie signed with the first one (KR-02). */
  resign: boolean;
  /** Regenerated or logged in: saved and re-cookied even with no data. */
  forceSave: boolean;
}

/** The JSON of every key but `cookie`, for change tracking. */
export function snapshotOf(data: JsonObject): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const key of Object.keys(data)) {
    if (key === 'cookie') continue;
    const json = JSON.stringify(data[key]);
    if (json !== undefined) snapshot.set(key, json);
  }
  return snapshot;
}

/** Top-level keys whose JSON changed since the snapshot, and keys that disappeared. */
export function diffData(snapshot: Map<string, string>, data: JsonObject): { set: JsonObject; unset: string[] } {
  const current = snapshotOf(data);
  const set: JsonObject = {};
  for (const [key, json] of current) {
    // defineProperty: a `__proto__` data key must stay a plain own key (ASVS 15.3.6).
    if (snapshot.get(key) !== json) Object.defineProperty(set, key, { value: data[key], enumerable: true, writable: true, configurable: true });
  }
  const unset = [...snapshot.keys()].filter((key) => !current.has(key));
  return { set, unset };
}

/** The `cookie.originalMaxAge` persisted in a record's data, if any. */
export function storedCookieMaxAge(record: SessionRecord): number | null {
  const cookie = record.data.cookie;
  if (cookie && typeof cookie === 'object') {
    const value = (cookie as { originalMaxAge?: unknown }).originalMaxAge;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  }
  return null;
}
