import type { Pool as PromisePool } from 'mysql2/promise';
import type { SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../../types.js';
import { SessionOptionsError } from '../../errors.js';
import { SQL_STORE_DEFAULTS, SqlStoreRuntime, assertIdentifier, pruneUnderLock, type SqlStoreOptions } from '../kit/sql/index.js';
import { patchExpression } from './patch.js';
import { runQuery, toPromisePool, withConnection, type MysqlPool } from './pool.js';
import { toInfo, toRecord, type MysqlInfoRow, type MysqlRecordRow } from './rows.js';
import { ensureMysqlSchema } from './schema.js';
import { mysqlStatements, type MysqlStatements } from './sql.js';

/** Options of {@link MysqlStore}. */
export interface MysqlStoreOptions extends SqlStoreOptions {
  /** A mysql2 pool you create and own (promise or callback API); the store never ends it. Its charset must be utf8mb4 (mysql2's default). */
  pool: MysqlPool;
}

interface WriteResult {
  affectedRows: number;
}

const ER_DUP_ENTRY = 1062;

/**
 * MySQL/MariaDB session store for satchel (`satchel/mysql`): utf8mb4 throughout, JSON data,
 * BIGINT millisecond times from the Node clock, indexes on expiry and user, one-statement
 * patches that keep `null` values, create-only and update-only writes, and batched pruning by
 * one process at a time (`GET_LOCK`). Tested on MariaDB 10.11; the SQL avoids forms MySQL 8
 * rejects or deprecates.
 *
 * @example
 * import mysql from 'mysql2/promise';
 * import { MysqlStore } from 'satchel/mysql';
 *
 * const pool = mysql.createPool({ uri: process.env.MYSQL_URL });
 * app.use(session({ store: new MysqlStore({ pool }) }));
 */
export class MysqlStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'mysql';
  }

  private readonly pool: PromisePool;
  private readonly table: string;
  private readonly sql: MysqlStatements;
  private readonly runtime: SqlStoreRuntime;
  private readonly now: () => number;

  constructor(options: MysqlStoreOptions) {
    if (!options || typeof options.pool?.query !== 'function' || typeof options.pool?.getConnection !== 'function') {
      throw new SessionOptionsError("MysqlStore needs { pool }: a mysql2 pool, e.g. mysql.createPool({ uri }) from 'mysql2/promise'");
    }
    this.pool = toPromisePool(options.pool);
    this.table = assertIdentifier(options.table ?? SQL_STORE_DEFAULTS.table, 'table');
    this.sql = mysqlStatements(`\`${this.table}\``);
    const createTable = options.createTable ?? true;
    // The charset check runs even when migrations own the table.
    this.runtime = new SqlStoreRuntime(options, {
      setup: () => ensureMysqlSchema(this.pool, this.sql, this.table, createTable),
      prune: () => this.prune(),
    });
    this.now = this.runtime.now;
  }

  /** Runs one operation after the schema check, with the store's deadline and typed errors. */
  private op<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.runtime.run(operation, work);
  }

  private run<T>(sql: string, params: unknown[]): Promise<T> {
    return runQuery<T>(this.pool, sql, params);
  }

  get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    return this.op('get', async () => {
      // includeExpired: rows stay until pruned, so any held row qualifies (a destroyed one is deleted).
      const rows = await this.run<MysqlRecordRow[]>(this.sql.get, [key, options?.includeExpired ? Number.MIN_SAFE_INTEGER : this.now()]);
      return rows[0] ? toRecord(rows[0]) : null;
    });
  }

  /**
   * Plain INSERT; on a duplicate key the row is replaced only if it has expired (deleted, then
   * inserted again). A live row, or a concurrent creator winning the gap, resolves false.
   */
  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.op('create', async () => {
      const values = [key, JSON.stringify(record.data), record.expiresAt, record.createdAt, record.lastSeenAt, record.userId, record.userAgent];
      const insert = async () => {
        try {
          await this.run(this.sql.insert, values);
          return true;
        } catch (error) {
          if ((error as { errno?: number }).errno === ER_DUP_ENTRY) return false;
          throw error;
        }
      };
      if (await insert()) return true;
      const removed = await this.run<WriteResult>(this.sql.deleteExpired, [key, this.now()]);
      return removed.affectedRows > 0 ? insert() : false;
    });
  }

  update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.op('update', async () => {
      const data = patchExpression(patch);
      const rebind = patch.userId !== undefined;
      const params = [...data.params, patch.expiresAt, patch.lastSeenAt, ...(rebind ? [patch.userId] : []), key, this.now()];
      const result = await this.run<WriteResult>(this.sql.update(data.sql, rebind), params);
      return result.affectedRows > 0;
    });
  }

  destroy(key: string): Promise<void> {
    return this.op('destroy', async () => {
      await this.run(this.sql.destroy, [key]);
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.op('touch', async () => {
      await this.run(this.sql.touch, [expiresAt, lastSeenAt, key, this.now()]);
    });
  }

  listByUser(userId: string): Promise<SessionInfo[]> {
    return this.op('listByUser', async () => {
      const rows = await this.run<MysqlInfoRow[]>(this.sql.listByUser, [userId, this.now()]);
      return rows.map(toInfo);
    });
  }

  /** Destroys the user's live sessions (expired ones are already dead and go with `prune()`). */
  destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return this.op('destroyByUser', async () => {
      const except = options.exceptKey !== undefined;
      const params = [userId, this.now(), ...(except ? [options.exceptKey] : [])];
      const result = await this.run<WriteResult>(this.sql.destroyByUser(except), params);
      return result.affectedRows;
    });
  }

  all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.op('all', async () => {
      const rows = await this.run<Array<MysqlRecordRow & { session_key: string }>>(this.sql.all, [this.now()]);
      return rows.map((row) => ({ key: row.session_key, record: toRecord(row) }));
    });
  }

  ids(): Promise<string[]> {
    return this.op('ids', async () => {
      const rows = await this.run<Array<{ session_key: string }>>(this.sql.ids, [this.now()]);
      return rows.map((row) => row.session_key);
    });
  }

  length(): Promise<number> {
    return this.op('length', async () => {
      const rows = await this.run<Array<{ n: number | string }>>(this.sql.length, [this.now()]);
      return Number(rows[0]?.n ?? 0);
    });
  }

  clear(): Promise<void> {
    return this.op('clear', async () => {
      await this.run(this.sql.clear, []);
    });
  }

  /**
   * Deletes expired rows in bounded batches and resolves to how many. Only one process prunes a
   * table at a time: when another holds the `GET_LOCK` lock this resolves to 0 at once. Call it
   * from cron with `pruneInterval: false` where timers do not run.
   */
  prune(): Promise<number> {
    return this.op('prune', () =>
      withConnection(this.pool, (connection) => {
        // GET_LOCK belongs to the connection, so the lock, the batches and the release share one.
        const lock = {
          tryAcquire: async () => {
            const [row] = await runQuery<Array<{ got: number | null }>>(connection, this.sql.getLock, [this.table]);
            return Number(row?.got) === 1;
          },
          release: async () => void (await runQuery(connection, this.sql.releaseLock, [this.table])),
        };
        const deleteBatch = async (cutoff: number, limit: number) =>
          (await runQuery<WriteResult>(connection, this.sql.pruneBatch, [cutoff, limit])).affectedRows;
        return pruneUnderLock(lock, this.now, deleteBatch, this.runtime.batchSize);
      }),
    );
  }

  /** Stops background pruning. The pool stays open: it is yours. */
  async close(): Promise<void> {
    this.runtime.stop();
  }
}
