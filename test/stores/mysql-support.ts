import type { Pool } from 'mysql2/promise';

/** The real MariaDB of the test machines (root, empty password, db test). */
export const MYSQL_CONFIG = {
  host: process.env.MYSQL_HOST_TEST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT_TEST ?? 3306),
  user: process.env.MYSQL_USER_TEST ?? 'root',
  database: process.env.MYSQL_DATABASE_TEST ?? 'test',
  charset: 'utf8mb4',
};

/** Drops the tables a test file created; names come from uniqueName(), never shared ones. */
export async function dropTables(pool: Pool, tables: string[]): Promise<void> {
  for (const table of tables) await pool.query(`DROP TABLE IF EXISTS \`${table}\``);
}
