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

/**
 * ARGV of the update script after `now` and `pexpireat`: the count of fields to delete, those
 * fields, then every field/value pair to write, meta (`e`, `l`, a new `u`) and data in one HSET.
 * Unbinding deletes `u`.
 */
export function updateArgs(now: string, dropAt: string, patch: SessionPatch): string[] {
  const { unset, set } = patchFields(patch);
  if (patch.userId === null) unset.push('u');
  const args = [now, dropAt, String(unset.length), ...unset, 'e', String(patch.expiresAt), 'l', String(patch.lastSeenAt), ...set];
  if (typeof patch.userId === 'string') args.push('u', patch.userId);
  return args;
}

/**
 * The reply of the update and touch scripts: `undefined` when nothing was applied (missing or
 * expired), else the user the session was bound to before (`null` for none). Integers may reach
 * us as strings (node-redis typeMapping), hence the `u` before a user id.
 */
export function applied(reply: unknown): string | null | undefined {
  const value = typeof reply === 'number' ? reply : text(reply);
  if (typeof value === 'string' && value.startsWith('u')) return value.slice(1);
  return Number(value) === 1 ? null : undefined;
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

/**
 * A hash reply as a flat field/value array. HGETALL answers a flat array over RESP2 and from Lua,
 * but a map over RESP3, which node-redis hands over as a null-prototype object by default (or a
 * Map or flat array, by its typeMapping); the common flat case is returned as is, uncopied.
 */
function pairs(reply: unknown): readonly unknown[] {
  if (Array.isArray(reply)) return reply;
  if (reply instanceof Map) return [...reply].flat();
  if (reply !== null && typeof reply === 'object') return Object.entries(reply).flat();
  return [];
}

/** A flat field/value reply as a null-prototype map of strings (RESP2 or RESP3, strings or Buffers). */
export function fieldMap(reply: unknown): Map<string, string> {
  const map = new Map<string, string>();
  const flat = pairs(reply);
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(text(flat[i]), text(flat[i + 1]));
  return map;
}

function number(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const value = Number(raw);
  return Number.isFinite(value) ? value : null;
}

function time(fields: Map<string, string>, name: string): number | null {
  return number(fields.get(name));
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

/**
 * The live record in a HGETALL reply, or null. Unreadable data values are dropped, never thrown.
 * One pass over the reply, without the intermediate Map of `fieldMap`: this runs on every read.
 */
export function decodeRecord(reply: unknown, now: number): SessionRecord | null {
  const flat = pairs(reply);
  let e: string | undefined;
  let c: string | undefined;
  let l: string | undefined;
  let u: string | null = null;
  let a: string | null = null;
  const json: string[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const field = text(flat[i]);
    const value = text(flat[i + 1]);
    if (field.startsWith(DATA_FIELD)) json.push(field, value);
    else if (field === 'e') e = value;
    else if (field === 'c') c = value;
    else if (field === 'l') l = value;
    else if (field === 'u') u = value;
    else if (field === 'a') a = value;
  }
  const expiresAt = number(e);
  if (expiresAt === null || expiresAt <= now) return null;
  const data: JsonObject = {};
  for (let i = 0; i < json.length; i += 2) {
    try {
      const name = json[i]!.slice(DATA_FIELD.length);
      const value: unknown = JSON.parse(json[i + 1]!);
      defineData(data, name, value);
    } catch {
      // A value another writer corrupted: losing one key beats failing the whole session.
    }
  }
  return { data, expiresAt, createdAt: number(c) ?? 0, lastSeenAt: number(l) ?? 0, userId: u, userAgent: a };
}
