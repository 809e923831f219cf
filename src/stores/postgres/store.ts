import type { Pool } from 'pg';
import type { JsonObject, SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../../types.js';
import { SessionOptionsError } from '../../errors.js';
import { SQL_STORE_DEFAULTS, SqlStoreRuntime, assertIdentifier, pruneUnderLock, type SqlStoreOptions } from '../kit/sql/index.js';
import { withClient } from './client.js';
import { advisoryLockKey, indexPrefix, toInfo, toRecord, type InfoRow, type RecordRow } from './rows.js';
import { ensurePostgresSchema } from './schema.js';
import { prepareStatements, type PreparedStatements, type Statement } from './prepared.js';
import { postgresStatements, type PostgresStatements } from './sql.js';

/** Options of {@link PostgresStore}. */
export interface PostgresStoreOptions extends SqlStoreOptions {
  /**
   * A `pg` Pool you create and own; the store never ends it. Give the pool an `error` listener
   * (`pool.on('error', …)`), as pg requires, or a dropped idle connection ends the process.
   */
  pool: Pool;
  /**
   * Schema of the table; unqualified (the connection's search_path) when omitted.
   * @default undefined
   */
  schema?: string;
  /**
   * Send the per-request statements as named prepared statements, parsed and planned once per
   * connection. Set `false` behind a pooler that cannot keep them (PgBouncer before 1.21 in
   * transaction mode answers "prepared statement … does not exist").
   * @default true
   */
  preparedStatements?: boolean;
}

/**
 * PostgreSQL session store for satchel (`satchel/postgres`): `jsonb` data, `timestamptz` times
 * from the Node clock, indexes on expiry and user, atomic one-statement patches, create-only and
 * update-only writes, and batched pruning by one process at a time (advisory lock).
 *
 * @example
 * import pg from 'pg';
 * import { PostgresStore } from 'satchel/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * pool.on('error', (error) => console.error('idle pg client failed', error));
 * app.use(session({ store: new PostgresStore({ pool }) }));
 */
export class PostgresStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'postgres';
  }

  private readonly pool: Pool;
  private readonly sql: PostgresStatements;
  private readonly statements: PreparedStatements;
  private readonly pruneLockKey: string;
  private readonly runtime: SqlStoreRuntime;
  private readonly now: () => number;

  constructor(options: PostgresStoreOptions) {
    if (!options || typeof options.pool?.query !== 'function' || typeof options.pool?.connect !== 'function') {
      throw new SessionOptionsError('PostgresStore needs { pool }: a pg Pool, e.g. new pg.Pool({ connectionString })');
    }
    this.pool = options.pool;
    const table = assertIdentifier(options.table ?? SQL_STORE_DEFAULTS.table, 'table');
    const schema = options.schema === undefined ? undefined : assertIdentifier(options.schema, 'schema');
    const qualified = schema ? `"${schema}"."${table}"` : `"${table}"`;
    const prepared = options.preparedStatements === undefined ? true : options.preparedStatements;
    if (typeof prepared !== 'boolean') {
      throw new SessionOptionsError(`preparedStatements must be a boolean, got ${String(prepared)}`);
    }
    this.sql = postgresStatements(qualified, indexPrefix(table));
    this.statements = prepareStatements(this.sql, prepared);
    this.pruneLockKey = advisoryLockKey('prune', qualified);
    const schemaLockKey = advisoryLockKey('schema', qualified);
    this.runtime = new SqlStoreRuntime(options, {
      setup: (options.createTable ?? true) ? () => ensurePostgresSchema(this.pool, this.sql, qualified, schemaLockKey) : undefined,
      prune: () => this.prune(),
    });
    this.now = this.runtime.now;
  }

  /** Runs one statement after the schema exists, with the store's deadline and typed errors. */
  private op<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.runtime.run(operation, work);
  }

  private async query<R extends object>(statement: Statement, values: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    const result = await this.pool.query<R & Record<string, unknown>>({ name: statement.name, text: statement.text, values });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  }

  get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    return this.op('get', async () => {
      // includeExpired: rows stay until pruned; -Infinity becomes timestamptz '-infinity', below every row.
      const { rows } = await this.query<RecordRow>(this.statements.get, [key, options?.includeExpired ? -Infinity : this.now()]);
      return rows[0] ? toRecord(rows[0]) : null;
    });
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.op('create', async () => {
      const { rowCount } = await this.query(this.statements.create, [
        key,
        JSON.stringify(record.data),
        record.expiresAt,
        record.createdAt,
        record.lastSeenAt,
        record.userId,
        record.userAgent,
        this.now(),
      ]);
      return rowCount === 1;
    });
  }

  update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.op('update', async () => {
      const rebind = patch.userId !== undefined;
      const { rowCount } = await this.query(this.statements.update, [
        key,
        JSON.stringify(patch.set satisfies JsonObject),
        patch.unset,
        patch.expiresAt,
        patch.lastSeenAt,
        rebind,
        rebind ? patch.userId : null,
        this.now(),
      ]);
      return rowCount === 1;
    });
  }

  destroy(key: string): Promise<void> {
    return this.op('destroy', async () => {
      await this.query(this.statements.destroy, [key]);
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.op('touch', async () => {
      await this.query(this.statements.touch, [key, expiresAt, lastSeenAt, this.now()]);
    });
  }

  listByUser(userId: string): Promise<SessionInfo[]> {
    return this.op('listByUser', async () => {
      const { rows } = await this.query<InfoRow>(this.statements.listByUser, [userId, this.now()]);
      return rows.map(toInfo);
    });
  }

  destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return this.op('destroyByUser', async () => {
      const { rows } = await this.query<{ live: boolean }>(this.statements.destroyByUser, [userId, options.exceptKey ?? null, this.now()]);
      // Expired rows of the user go too, but only live sessions count as destroyed.
      return rows.filter((row) => row.live).length;
    });
  }

  all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.op('all', async () => {
      const { rows } = await this.query<RecordRow & { key: string }>(this.statements.all, [this.now()]);
      return rows.map((row) => ({ key: row.key, record: toRecord(row) }));
    });
  }

  ids(): Promise<string[]> {
    return this.op('ids', async () => {
      const { rows } = await this.query<{ key: string }>(this.statements.ids, [this.now()]);
      return rows.map((row) => row.key);
    });
  }

  length(): Promise<number> {
    return this.op('length', async () => {
      const { rows } = await this.query<{ n: number }>(this.statements.length, [this.now()]);
      return Number(rows[0]?.n ?? 0);
    });
  }

  clear(): Promise<void> {
    return this.op('clear', async () => {
      await this.query(this.statements.clear, []);
    });
  }

  /**
   * Deletes expired rows in batches and resolves to how many. Only one process prunes a table at
   * a time: when another holds the advisory lock this resolves to 0 at once. Call it from cron
   * with `pruneInterval: false` where timers do not run (connect-pg-simple #160).
   */
  prune(): Promise<number> {
    return this.op('prune', () =>
      withClient(this.pool, (client) => {
        // Advisory locks belong to the session, so the lock, the batches and the unlock share one client.
        const lock = {
          tryAcquire: async () => (await client.query<{ locked: boolean }>(this.sql.tryLock, [this.pruneLockKey])).rows[0]?.locked === true,
          release: async () => void (await client.query(this.sql.unlock, [this.pruneLockKey])),
        };
        const deleteBatch = async (cutoff: number, limit: number) => (await client.query(this.sql.pruneBatch, [cutoff, limit])).rowCount ?? 0;
        return pruneUnderLock(lock, this.now, deleteBatch, this.runtime.batchSize);
      }),
    );
  }

  /** Stops background pruning. The pool stays open: it is yours. */
  async close(): Promise<void> {
    this.runtime.stop();
  }
}
