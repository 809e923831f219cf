import { SessionOptionsError } from '../../errors.js';
import { applyDataPatch, parseData } from '../kit/json-data.js';
import { resolveOperationTimeout, storeFailure, storeOperation } from '../../operation.js';
import type { SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore, StoreBaseOptions } from '../../types.js';
import { TABLE_NAME, prepareStatements, schemaSql, type SessionRow, type SqliteDatabaseLike, type Statements } from './sql.js';

/** Options of {@link SqliteStore}. */
export interface SqliteStoreOptions extends StoreBaseOptions {
  /** An open connection: better-sqlite3 12 `Database`, or `node:sqlite`'s `DatabaseSync` on Node 22.5+. Never closed by the store. */
  db: SqliteDatabaseLike;
  /**
   * Table name (letters, digits, `_`); created with its indexes if missing.
   * @default 'satchel_sessions'
   */
  table?: string;
  /**
   * Milliseconds between background prunes of expired rows; `0` disables them (call `prune()` from cron).
   * @default 900000 (15 minutes)
   */
  pruneInterval?: number;
  /** Rows deleted per prune batch. @default 1000 */
  pruneBatch?: number;
  /**
   * Receives background failures (pruning, schema creation): they never throw out of a timer,
   * and the next run retries. @default emits a process warning
   */
  onError?: (error: Error) => void;
}

/** Defaults of {@link SqliteStoreOptions}. */
export const SQLITE_STORE_DEFAULTS = Object.freeze({ table: 'satchel_sessions', pruneInterval: 900_000, pruneBatch: 1000 });

const num = (value: number | bigint): number => Number(value);

/**
 * Sessions in SQLite: the embedded store for real use. One file survives restarts and is shared by
 * every process on the host (WAL mode, `busy_timeout`). Create-only and update-only writes, patches
 * applied in one `BEGIN IMMEDIATE` transaction, expiry and user indexed, expired rows pruned in
 * batches by an unref'd timer. The driver is yours: the store only calls `prepare`/`exec`, and on
 * first use sets `busy_timeout` (= `operationTimeout`) and, for a file, `journal_mode = WAL` on it.
 *
 * SQLite drivers are synchronous: `operationTimeout` cannot interrupt a running statement; it
 * bounds how long a write waits for another process's lock (`busy_timeout`), during which this
 * process is blocked. Keep writes on one file to a handful of processes.
 *
 * @example
 * import Database from 'better-sqlite3';
 * import { SqliteStore } from 'satchel/sqlite';
 * const store = new SqliteStore({ db: new Database('sessions.db') });
 * // Node 22.5+: import { DatabaseSync } from 'node:sqlite'; new SqliteStore({ db: new DatabaseSync('sessions.db') })
 */
export class SqliteStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'sqlite';
  }

  private readonly db: SqliteDatabaseLike;
  private readonly table: string;
  private readonly timeout: number;
  private readonly now: () => number;
  private readonly batch: number;
  private readonly onError: (error: Error) => void;
  private statements: Statements | undefined;
  private timer: NodeJS.Timeout | undefined;
  private pruning: Promise<number> | undefined;

  constructor(options: SqliteStoreOptions) {
    if (!options || typeof options.db?.prepare !== 'function' || typeof options.db.exec !== 'function') {
      throw new SessionOptionsError('SqliteStore: pass an open database as { db }, e.g. new SqliteStore({ db: new Database("sessions.db") }) with better-sqlite3');
    }
    const table = options.table ?? SQLITE_STORE_DEFAULTS.table;
    if (!TABLE_NAME.test(table)) {
      throw new SessionOptionsError(`SqliteStore: table must be 1-63 letters, digits or underscores, not starting with a digit; got ${JSON.stringify(table)}`);
    }
    const interval = options.pruneInterval ?? SQLITE_STORE_DEFAULTS.pruneInterval;
    const batch = options.pruneBatch ?? SQLITE_STORE_DEFAULTS.pruneBatch;
    if (!Number.isInteger(interval) || interval < 0) throw new SessionOptionsError(`SqliteStore: pruneInterval must be a non-negative integer of ms, got ${String(interval)}`);
    if (!Number.isInteger(batch) || batch < 1) throw new SessionOptionsError(`SqliteStore: pruneBatch must be a positive integer, got ${String(batch)}`);
    this.db = options.db;
    this.table = table;
    this.timeout = resolveOperationTimeout(options.operationTimeout);
    this.now = options.now ?? Date.now;
    this.batch = batch;
    this.onError = options.onError ?? ((error) => process.emitWarning(error));
    if (interval > 0) {
      this.timer = setInterval(() => void this.prune().catch((error: Error) => this.onError(error)), interval);
      this.timer.unref();
    }
  }

  get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    return this.op('get', (s) => this.read(s, key, options));
  }

  /** better-sqlite3 answers synchronously anyway: the engine reads through this in the same tick. */
  getSync(key: string, options?: SessionGetOptions): SessionRecord | null {
    // No closure here: every request with a cookie reads through this.
    try {
      return this.read(this.statements ?? this.bootstrap(), key, options);
    } catch (error) {
      throw storeFailure('get', error);
    }
  }

  private read(s: Statements, key: string, options?: SessionGetOptions): SessionRecord | null {
    // includeExpired: rows stay until pruned, so any held row qualifies (a destroyed one is deleted).
    const row = s.get.get(key, options?.includeExpired ? Number.MIN_SAFE_INTEGER : this.now()) as SessionRow | undefined;
    return row ? toRecord(row) : null;
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.op('create', (s) => this.insert(s, key, record));
  }

  /** The engine's create, in the same tick (the statement runs synchronously either way). */
  createSync(key: string, record: SessionRecord): boolean {
    return this.inTick('create', (s) => this.insert(s, key, record));
  }

  private insert(s: Statements, key: string, record: SessionRecord): boolean {
    const { data, expiresAt, createdAt, lastSeenAt, userId, userAgent } = record;
    return num(s.create.run(key, JSON.stringify(data), expiresAt, createdAt, lastSeenAt, userId, userAgent, this.now()).changes) > 0;
  }

  update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.op('update', (s) => this.patch(s, key, patch));
  }

  updateSync(key: string, patch: SessionPatch): boolean {
    return this.inTick('update', (s) => this.patch(s, key, patch));
  }

  private patch(s: Statements, key: string, patch: SessionPatch): boolean {
    return this.transaction(s, () => {
      const row = s.readForUpdate.get(key, this.now()) as Pick<SessionRow, 'data' | 'user_id'> | undefined;
      if (!row) return false;
      const data = JSON.stringify(applyDataPatch(parseData(row.data), patch));
      const userId = patch.userId === undefined ? row.user_id : patch.userId;
      s.write.run(data, patch.expiresAt, patch.lastSeenAt, userId, key);
      return true;
    });
  }

  destroy(key: string): Promise<void> {
    return this.op('destroy', (s) => void s.destroy.run(key));
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.op('touch', (s) => void s.touch.run(expiresAt, lastSeenAt, key, this.now()));
  }

  touchSync(key: string, expiresAt: number, lastSeenAt: number): void {
    this.inTick('touch', (s) => void s.touch.run(expiresAt, lastSeenAt, key, this.now()));
  }

  listByUser(userId: string): Promise<SessionInfo[]> {
    return this.op('listByUser', (s) =>
      (s.listByUser.all(userId, this.now()) as Array<Required<SessionRow>>).map((row) => ({
        key: row.key,
        createdAt: num(row.created_at),
        lastSeenAt: num(row.last_seen_at),
        expiresAt: num(row.expires_at),
        userAgent: row.user_agent,
      })),
    );
  }

  destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return this.op('destroyByUser', (s) => num(s.destroyByUser.run(userId, options.exceptKey ?? null, this.now()).changes));
  }

  all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.op('all', (s) =>
      (s.all.all(this.now()) as Array<Required<SessionRow>>).map((row) => ({ key: row.key, record: toRecord(row) })),
    );
  }

  ids(): Promise<string[]> {
    return this.op('ids', (s) => (s.ids.all(this.now()) as Array<{ key: string }>).map((row) => row.key));
  }

  length(): Promise<number> {
    return this.op('length', (s) => num((s.length.get(this.now()) as { n: number | bigint }).n));
  }

  clear(): Promise<void> {
    return this.op('clear', (s) => void s.clear.run());
  }

  /** Deletes expired rows in batches, yielding between them; concurrent calls share one run. */
  prune(): Promise<number> {
    this.pruning ??= this.pruneBatches().finally(() => {
      this.pruning = undefined;
    });
    return this.pruning;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async pruneBatches(): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.op('prune', (s) => num(s.pruneBatch.run(this.now(), this.batch).changes));
      total += deleted;
      if (deleted < this.batch) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** One operation in the caller's tick (the engine's `*Sync` calls), with the same typed errors as {@link op}. */
  private inTick<T>(operation: string, run: (statements: Statements) => T): T {
    try {
      return run(this.statements ?? this.bootstrap());
    } catch (error) {
      throw storeFailure(operation, error);
    }
  }

  /** Runs one operation with typed errors; creates the schema first, retrying on every call until it succeeds. */
  private op<T>(operation: string, run: (statements: Statements) => T): Promise<T> {
    return storeOperation(operation, this.timeout, async () => run(this.statements ?? this.bootstrap()));
  }

  private bootstrap(): Statements {
    const file = (this.db.prepare('PRAGMA database_list').all() as Array<{ name: string; file: string }>).find((row) => row.name === 'main')?.file;
    // Wait for other processes' write locks instead of failing at once with SQLITE_BUSY.
    this.db.exec(`PRAGMA busy_timeout = ${Math.ceil(this.timeout)}`);
    if (file) {
      try {
        this.db.exec('PRAGMA journal_mode = WAL');
      } catch {
        // A read-only file keeps its journal mode; reads still work.
      }
    }
    // Reading sqlite_master first refreshes a stale schema cache and lets read-only connections skip the DDL.
    const existing = this.db
      .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name IN (?, ?, ?)")
      .get(this.table, `${this.table}_expires_at`, `${this.table}_user_id`) as { n: number | bigint };
    if (num(existing.n) < 3) this.db.exec(schemaSql(this.table));
    this.statements = prepareStatements(this.db, this.table);
    return this.statements;
  }

  private transaction<T>(s: Statements, run: () => T): T {
    s.begin.run();
    try {
      const result = run();
      s.commit.run();
      return result;
    } catch (error) {
      try {
        s.rollback.run();
      } catch {
        // SQLite may already have rolled back (e.g. on SQLITE_FULL); the original error matters.
      }
      throw error;
    }
  }
}

function toRecord(row: SessionRow): SessionRecord {
  return {
    data: parseData(row.data),
    expiresAt: num(row.expires_at),
    createdAt: num(row.created_at),
    lastSeenAt: num(row.last_seen_at),
    userId: row.user_id,
    userAgent: row.user_agent,
  };
}
