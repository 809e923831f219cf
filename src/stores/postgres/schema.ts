import type { Pool } from 'pg';
import type { PostgresStatements } from './sql.js';
import { withClient } from './client.js';

/** duplicate_table, and the unique_violation on pg_type that concurrent CREATE TABLE IF NOT EXISTS can raise. */
const ALREADY_EXISTS = new Set(['42P07', '23505', '42710']);

/**
 * Creates the table and indexes if missing. `CREATE TABLE IF NOT EXISTS` alone races when
 * processes start together (connect-pg-simple, ether/ueberDB#117), so the DDL runs under a
 * transaction-scoped advisory lock; should a creator outside satchel's lock still win the race,
 * "already exists" is caught and the table's presence re-checked.
 */
export async function ensurePostgresSchema(
  pool: Pool,
  sql: PostgresStatements,
  qualifiedTable: string,
  lockKey: string,
): Promise<void> {
  await withClient(pool, async (client) => {
    try {
      await client.query('BEGIN');
      await client.query(sql.xactLock, [lockKey]);
      await client.query(sql.createTable);
      await client.query(sql.createExpiryIndex);
      await client.query(sql.createUserIndex);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      if (!ALREADY_EXISTS.has((error as { code?: string }).code ?? '')) throw error;
      const { rows } = await client.query<{ present: boolean }>(sql.exists, [qualifiedTable]);
      if (!rows[0]?.present) throw error;
    }
  });
}
