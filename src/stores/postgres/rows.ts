import { createHash } from 'node:crypto';
import type { SessionInfo, SessionRecord } from '../../types.js';

/** A row as selected by the record queries in `sql.ts`. */
export interface RecordRow {
  data: string;
  expires_at: number;
  created_at: number;
  last_seen_at: number;
  user_id: string | null;
  user_agent: string | null;
}

export interface InfoRow {
  key: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  user_agent: string | null;
}

export function toRecord(row: RecordRow): SessionRecord {
  return {
    // Parsed here rather than by pg's jsonb parser so an app's custom type parsers cannot change it.
    data: JSON.parse(row.data) as SessionRecord['data'],
    expiresAt: Number(row.expires_at),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    userId: row.user_id ?? null,
    userAgent: row.user_agent ?? null,
  };
}

export function toInfo(row: InfoRow): SessionInfo {
  return {
    key: row.key,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    userAgent: row.user_agent ?? null,
  };
}

/**
 * A stable signed 64-bit advisory-lock key for a purpose and table, as a decimal string
 * (bigint parameters travel as text). Derived, not configured, so every process agrees.
 */
export function advisoryLockKey(purpose: string, qualifiedTable: string): string {
  return createHash('sha256').update(`satchel:${purpose}:${qualifiedTable}`).digest().readBigInt64BE(0).toString();
}

/**
 * Prefix for index names, which PostgreSQL scopes to the schema and silently truncates at 63
 * bytes: long table names get a shortened prefix plus a hash, so two tables never share an index name.
 */
export function indexPrefix(table: string): string {
  if (table.length <= 48) return table;
  return `${table.slice(0, 39)}_${createHash('sha256').update(table).digest('hex').slice(0, 8)}`;
}
