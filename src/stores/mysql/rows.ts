import type { JsonObject, SessionInfo, SessionRecord } from '../../types.js';

/** A row as selected by the record queries in `sql.ts`. */
export interface MysqlRecordRow {
  data: string | JsonObject;
  expires_at: number | string;
  created_at: number | string;
  last_seen_at: number | string;
  user_id: string | null;
  user_agent: string | null;
}

export interface MysqlInfoRow {
  session_key: string;
  created_at: number | string;
  last_seen_at: number | string;
  expires_at: number | string;
  user_agent: string | null;
}

/** MariaDB returns the JSON column as text, MySQL as a parsed value (mysql2 parses its JSON type). */
function parseData(value: string | JsonObject | Buffer): JsonObject {
  if (typeof value === 'string') return JSON.parse(value) as JsonObject;
  if (Buffer.isBuffer(value)) return JSON.parse(value.toString('utf8')) as JsonObject;
  return value;
}

export function toRecord(row: MysqlRecordRow): SessionRecord {
  return {
    data: parseData(row.data),
    // BIGINT arrives as a number or, with bigNumberStrings, a string: milliseconds fit either way.
    expiresAt: Number(row.expires_at),
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    userId: row.user_id ?? null,
    userAgent: row.user_agent ?? null,
  };
}

export function toInfo(row: MysqlInfoRow): SessionInfo {
  return {
    key: row.session_key,
    createdAt: Number(row.created_at),
    lastSeenAt: Number(row.last_seen_at),
    expiresAt: Number(row.expires_at),
    userAgent: row.user_agent ?? null,
  };
}
