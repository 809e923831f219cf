import type pg from 'pg';

/** The real PostgreSQL of the test machines (user postgres, trust auth, db test). */
export const PG_CONFIG = {
  host: process.env.PGHOST_TEST ?? '127.0.0.1',
  port: Number(process.env.PGPORT_TEST ?? 5432),
  user: process.env.PGUSER_TEST ?? 'postgres',
  database: process.env.PGDATABASE_TEST ?? 'test',
};

/** Drops the tables a test file created; names come from uniqueName(), never shared ones. */
export async function dropTables(pool: pg.Pool, tables: string[]): Promise<void> {
  for (const table of tables) await pool.query(`DROP TABLE IF EXISTS "${table}"`);
}
