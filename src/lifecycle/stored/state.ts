import { defineData } from '../../data.js';
import { storableJson } from '../storable.js';
import type { JsonObject, SessionRecord } from '../../types.js';
import type { SessionActivity } from '../activity.js';

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
  /** This request's activity (lifecycle/activity.ts); absent is 'active', so the usual request sets nothing. */
  activity?: SessionActivity;
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

/**
 * A session's data read once for a commit: the JSON of each top-level key. Values are parsed
 * back (fresh copies that alias nothing the app holds) only for what a save sends, so a request
 * that changed nothing serializes each key once and parses nothing. Per-key JSON equals what the
 * keys of `JSON.parse(JSON.stringify(source))` serialize to, because JSON text round-trips.
 */
export class DataCapture {
  /** JSON of each key but `cookie`, in key order: the snapshot once this data is saved. */
  readonly json = new Map<string, string>();
  private readonly keys: string[] = [];
  // `cookie` is only serialized when a save sends it: a request that changed nothing never pays
  // for its toJSON. Every caller reads it before its first await, so it is the value of now.
  private cookieValue: unknown;
  private cookieJson: string | undefined | null = null;

  constructor(source: object) {
    for (const key of Object.keys(source)) {
      const value = (source as Record<string, unknown>)[key];
      if (key === 'cookie') {
        this.cookieValue = value;
        this.keys.push(key);
        continue;
      }
      const json = storableJson(key, value);
      if (json === undefined) continue;
      this.keys.push(key);
      this.json.set(key, json);
    }
  }

  /** JSON of `cookie`, when the source has one that serializes. */
  get cookie(): string | undefined {
    if (this.cookieJson === null) this.cookieJson = JSON.stringify(this.cookieValue);
    return this.cookieJson;
  }

  /** A fresh copy of one key's value (`cookie` included). */
  value(key: string): unknown {
    const json = key === 'cookie' ? this.cookie : this.json.get(key);
    return json === undefined ? undefined : JSON.parse(json);
  }

  /** The whole data as stored, in key order: one parse of the joined JSON. */
  data(): JsonObject {
    let text = '{';
    for (const key of this.keys) {
      const json = key === 'cookie' ? this.cookie : this.json.get(key);
      if (json === undefined) continue;
      if (text.length > 1) text += ',';
      // JSON.parse makes a `__proto__` key an own data property, never the prototype (ASVS 15.3.6).
      text += `${JSON.stringify(key)}:${json}`;
    }
    return JSON.parse(`${text}}`) as JsonObject;
  }
}

/**
 * Whether `source` serializes to the snapshot, key for key (`cookie` aside): the usual request,
 * which changed nothing, is answered without a capture, a diff or their allocations. It stops at
 * the first difference, so a request that changed something serializes the keys before it once
 * more in the capture that follows (all of them when only the cookie, the user or a forced save
 * made it write). Throws what {@link DataCapture} would (an unstorable value).
 */
export function matchesSnapshot(snapshot: Map<string, string>, source: object): boolean {
  let matched = 0;
  for (const key of Object.keys(source)) {
    if (key === 'cookie') continue;
    const json = storableJson(key, (source as Record<string, unknown>)[key]);
    if (json === undefined) {
      if (snapshot.has(key)) return false;
      continue;
    }
    if (snapshot.get(key) !== json) return false;
    matched++;
  }
  return matched === snapshot.size;
}

/** Top-level keys whose JSON changed since the snapshot (with fresh copies of their values), and keys that disappeared. */
export function diffData(snapshot: Map<string, string>, current: DataCapture): { set: JsonObject; unset: string[] } {
  const set: JsonObject = {};
  for (const [key, json] of current.json) {
    // defineData: a `__proto__` data key must stay a plain own key (ASVS 15.3.6).
    if (snapshot.get(key) !== json) defineData(set, key, JSON.parse(json));
  }
  const unset: string[] = [];
  for (const key of snapshot.keys()) if (!current.json.has(key)) unset.push(key);
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
