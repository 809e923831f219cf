import type { JsonObject, SessionInfo, SessionPatch, SessionRecord } from '../../types.js';
import { defineData } from '../kit/json-data.js';
import { decodeField, encodeField } from './field-codec.js';

/** Version of the document layout below; written to every document as `v`. */
export const DOCUMENT_FORMAT = 1;

/**
 * One session as MongoDB holds it. `data` maps each top-level session key (escaped by
 * `encodeField`) to that value's JSON text: nested objects may hold any key (`$where`, `a.b`,
 * `__proto__`) without escaping them recursively, numbers come back exactly as JSON wrote them,
 * and a patch still rewrites only the keys it changes. Times are `Date`s so the TTL index and
 * people reading the collection can use them.
 */
export interface MongoSessionDocument {
  /** The store key (SHA-256 hex of the session id, computed by satchel's engine). */
  _id: string;
  v: number;
  data: Record<string, string>;
  expiresAt: Date;
  createdAt: Date;
  lastSeenAt: Date;
  userId: string | null;
  userAgent: string | null;
}

/** The fields `listByUser` reads. */
export const INFO_PROJECTION = Object.freeze({ _id: 1, createdAt: 1, lastSeenAt: 1, expiresAt: 1, userAgent: 1 });

/** Filter of a live record: the read-time expiry check that holds whether or not the TTL monitor has run (STO-02). */
export function liveFilter(key: string, now: number): { _id: string; expiresAt: { $gt: Date } } {
  return { _id: requireString('key', key), expiresAt: { $gt: new Date(now) } };
}

/** Rejects non-strings before they reach a filter, where an object such as `{ $ne: '' }` would match other sessions. */
export function requireString(what: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${typeof value}`);
  return value;
}

function encodeData(data: JsonObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(data)) {
    const json = JSON.stringify(data[key]);
    // JSON drops keys whose value is undefined or a function; so do we.
    if (json !== undefined) out[encodeField(key)] = json;
  }
  return out;
}

function decodeData(data: unknown): JsonObject {
  if (data === null || typeof data !== 'object') throw new TypeError('the stored document has no data sub-document');
  const out: JsonObject = {};
  for (const [field, json] of Object.entries(data)) {
    if (typeof json !== 'string') throw new TypeError(`data field ${JSON.stringify(field)} is not JSON text`);
    defineData(out, decodeField(field), JSON.parse(json));
  }
  return out;
}

function millis(value: unknown, field: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (Number.isNaN(ms)) throw new TypeError(`the stored document's ${field} is not a valid Date`);
  return ms;
}

/** The document `create` writes, without `_id` (the filter of the conditional replace provides it). */
export function toDocument(record: SessionRecord): Omit<MongoSessionDocument, '_id'> {
  return {
    v: DOCUMENT_FORMAT,
    data: encodeData(record.data),
    expiresAt: new Date(record.expiresAt),
    createdAt: new Date(record.createdAt),
    lastSeenAt: new Date(record.lastSeenAt),
    userId: record.userId,
    userAgent: record.userAgent,
  };
}

/** Reads a stored document back; throws (and the operation fails) on a document satchel did not write. */
export function fromDocument(doc: MongoSessionDocument): SessionRecord {
  if (doc.v !== DOCUMENT_FORMAT) throw new TypeError(`unknown session document format v=${String(doc.v)}; expected ${DOCUMENT_FORMAT}`);
  return {
    data: decodeData(doc.data),
    expiresAt: millis(doc.expiresAt, 'expiresAt'),
    createdAt: millis(doc.createdAt, 'createdAt'),
    lastSeenAt: millis(doc.lastSeenAt, 'lastSeenAt'),
    userId: doc.userId ?? null,
    userAgent: doc.userAgent ?? null,
  };
}

/** Metadata for per-user listings (TM-05): never the data. */
export function toInfo(doc: Pick<MongoSessionDocument, '_id' | 'createdAt' | 'lastSeenAt' | 'expiresAt' | 'userAgent'>): SessionInfo {
  return {
    key: doc._id,
    createdAt: millis(doc.createdAt, 'createdAt'),
    lastSeenAt: millis(doc.lastSeenAt, 'lastSeenAt'),
    expiresAt: millis(doc.expiresAt, 'expiresAt'),
    userAgent: doc.userAgent ?? null,
  };
}

/** The update document of a patch. */
export interface PatchUpdate {
  $set: Record<string, unknown>;
  $unset?: Record<string, ''>;
}

/**
 * The update document of a patch: `$set` of each changed key and of the times (and the user when
 * the patch rebinds it), `$unset` of deleted keys. A key both set and unset is set, as in
 * `applyDataPatch`; MongoDB would reject the conflicting paths otherwise.
 */
export function patchUpdate(patch: SessionPatch): PatchUpdate {
  const $set: Record<string, unknown> = {};
  const $unset: Record<string, ''> = {};
  for (const key of Object.keys(patch.set)) {
    const json = JSON.stringify(patch.set[key]);
    if (json === undefined) $unset[`data.${encodeField(key)}`] = '';
    else $set[`data.${encodeField(key)}`] = json;
  }
  for (const key of patch.unset) {
    const path = `data.${encodeField(key)}`;
    if (!Object.hasOwn($set, path)) $unset[path] = '';
  }
  $set.expiresAt = new Date(patch.expiresAt);
  $set.lastSeenAt = new Date(patch.lastSeenAt);
  if (patch.userId !== undefined) $set.userId = patch.userId;
  return Object.keys($unset).length > 0 ? { $set, $unset } : { $set };
}
