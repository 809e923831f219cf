/**
 * The SQL floor's store on PostgreSQL: one SELECT per request (expired rows do not match), one
 * upsert per change; an expiry column in epoch milliseconds, the JSON as text.
 */
import type pg from 'pg';
import type { FloorStore } from './stored.js';

/** Creates `table` (a name the runner made unique) and returns the store over it. */
export async function postgresStore(pool: pg.Pool, table: string): Promise<FloorStore> {
  await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (key text PRIMARY KEY, data text NOT NULL, expires bigint NOT NULL)`);
  const select = `SELECT data FROM ${table} WHERE key = $1 AND expires > $2`;
  const upsert = `INSERT INTO ${table} (key, data, expires) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires = EXCLUDED.expires`;
  return {
    async get(key) {
      const { rows } = await pool.query<{ data: string }>(select, [key, Date.now()]);
      return rows[0]?.data;
    },
    async set(key, json, ttlMs) {
      await pool.query(upsert, [key, json, Date.now() + ttlMs]);
    },
  };
}
