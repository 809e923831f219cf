import type { Pool as PromisePool } from 'mysql2/promise';
import type { MysqlStatements } from './sql.js';
import { runQuery } from './pool.js';

const ER_TABLE_EXISTS = 1050;

/**
 * Checks the connection speaks utf8mb4 (a latin1 or utf8mb3 connection turns emoji into `?` or
 * "Incorrect string value": express-mysql-session #128) and, if asked, creates the table.
 * `CREATE TABLE IF NOT EXISTS` is serialised by the server's metadata locks; "already exists"
 * from a creator outside satchel is caught and the table re-checked.
 */
export async function ensureMysqlSchema(pool: PromisePool, sql: MysqlStatements, table: string, createTable: boolean): Promise<void> {
  const [charset] = await runQuery<Array<{ client: string; connection: string; results: string | null }>>(pool, sql.charset, []);
  const wrong = Object.entries(charset ?? {}).filter(([, value]) => value !== 'utf8mb4');
  if (wrong.length > 0) {
    throw new Error(
      `the MySQL connection uses ${wrong.map(([name, value]) => `character_set_${name}=${String(value)}`).join(', ')}; ` +
        "sessions need utf8mb4: create the pool with { charset: 'utf8mb4' } (mysql2's default)",
    );
  }
  if (!createTable) return;
  try {
    await runQuery(pool, sql.createTable, []);
  } catch (error) {
    if ((error as { errno?: number }).errno !== ER_TABLE_EXISTS) throw error;
    const [row] = await runQuery<Array<{ n: number }>>(pool, sql.tableExists, [table]);
    if (!row || Number(row.n) === 0) throw error;
  }
}
