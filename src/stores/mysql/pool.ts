import type { Pool as CallbackPool } from 'mysql2';
import type { Pool as PromisePool, PoolConnection } from 'mysql2/promise';

/** Either pool mysql2 makes: `mysql2/promise`'s, or the callback one (used through `.promise()`). */
export type MysqlPool = PromisePool | CallbackPool;

/** The callback pool has `.promise()`; the promise pool does not, and is used as is. */
export function toPromisePool(pool: MysqlPool): PromisePool {
  const candidate = pool as Partial<CallbackPool>;
  return typeof candidate.promise === 'function' ? candidate.promise() : (pool as PromisePool);
}

/** `{ affectedRows }` of a write, `rows` of a read; mysql2 returns `[result, fields]`. */
export async function runQuery<T>(pool: Pick<PromisePool, 'query'>, sql: string, params: unknown[]): Promise<T> {
  // `query` (client-side escaping), not `execute`: `LIMIT ?` in prepared statements is rejected by MySQL 8.0.22+ for numbers.
  const [result] = await pool.query(sql, params);
  return result as T;
}

/**
 * Runs `work` on one connection (GET_LOCK is per connection). A connection that failed is
 * destroyed rather than returned, so a lock it may still hold dies with its session.
 */
export async function withConnection<T>(pool: PromisePool, work: (connection: PoolConnection) => Promise<T>): Promise<T> {
  const connection = await pool.getConnection();
  try {
    const result = await work(connection);
    connection.release();
    return result;
  } catch (error) {
    connection.destroy();
    throw error;
  }
}
