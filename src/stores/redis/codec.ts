import type { JsonObject, SessionInfo, SessionPatch, SessionRecord } from '../../types.js';
import { defineData } from '../kit/json-data.js';

/**
 * Record ↔ Redis HASH fields. Meta fields are single letters (`e` expiresAt, `c` createdAt,
 * `l` lastSeenAt, `u` userId, `a` userAgent; `u`/`a` absent when null); every top-level data key
 * is its own field `d:<key>` holding that value as JSON, so a patch writes only what changed and
 * no data key can collide with a meta field.
 */
export const DATA_FIELD = 'd:';

/** Field/value pairs of a whole record, for the create script. */
export function recordFields(record: SessionRecord): string[] {
  const out = ['e', String(record.expiresAt), 'c', String(record.createdAt), 'l', String(record.lastSeenAt)];
  if (record.userId !== null) out.push('u', record.userId);
  if (record.userAgent !== null) out.push('a', record.userAgent);
  for (const key of Object.keys(record.data)) {
    const json = JSON.stringify(record.data[key]);
    // undefined and functions are not JSON: like JSON.stringify of the whole object, they are dropped.
    if (json !== undefined) out.push(DATA_FIELD + key, json);
  }
  return out;
}

/** The data part of a patch: fields to delete and field/value pairs to write. */
export function patchFields(patch: Pick<SessionPatch, 'set' | 'unset'>): { unset: string[]; set: string[] } {
  const unset = new Set(patch.unset.map((key) => DATA_FIELD + key));
  const set: string[] = [];
  for (const key of Object.keys(patch.set)) {
    const json = JSON.stringify(patch.set[key]);
    if (json === undefined) unset.add(DATA_FIELD + key);
    else {
      unset.delete(DATA_FIELD + key);
      set.push(DATA_FIELD + key, json);
    }
  }
  return { unset: [...unset], set };
}

/** Absolute expiry for PEXPIREAT: an integer, and at least 1 so Redis accepts it. */
export function pexpireAt(expiresAt: number): string {
  return String(Math.max(1, Math.ceil(expiresAt)));
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

/** A flat field/value reply as a null-prototype map of strings (RESP2 or RESP3, strings or Buffers). */
export function fieldMap(reply: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (!Array.isArray(reply)) return map;
  for (let i = 0; i + 1 < reply.length; i += 2) map.set(text(reply[i]), text(reply[i + 1]));
  return map;
}

function time(fields: Map<string, string>, name: string): number | null {
  const raw = fields.get(name);
  if (raw === undefined) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Meta of a hash, or null when it is missing, foreign (no expiry) or expired at `now`. */
export function liveMeta(fields: Map<string, string>, now: number): (Omit<SessionInfo, 'key'> & { userId: string | null }) | null {
  const expiresAt = time(fields, 'e');
  if (expiresAt === null || expiresAt <= now) return null;
  return {
    createdAt: time(fields, 'c') ?? 0,
    lastSeenAt: time(fields, 'l') ?? 0,
    expiresAt,
    userId: fields.get('u') ?? null,
    userAgent: fields.get('a') ?? null,
  };
}

/** The live record in a HGETALL reply, or null. Unreadable data values are dropped, never thrown. */
export function decodeRecord(reply: unknown, now: number): SessionRecord | null {
  const fields = fieldMap(reply);
  const meta = liveMeta(fields, now);
  if (meta === null) return null;
  const data: JsonObject = {};
  for (const [field, json] of fields) {
    if (!field.startsWith(DATA_FIELD)) continue;
    try {
      defineData(data, field.slice(DATA_FIELD.length), JSON.parse(json));
    } catch {
      // A value another writer corrupted: losing one key beats failing the whole session.
    }
  }
  return { data, expiresAt: meta.expiresAt, createdAt: meta.createdAt, lastSeenAt: meta.lastSeenAt, userId: meta.userId, userAgent: meta.userAgent };
}
