/**
 * The SQL and SQLite session stores express-session users run today, each beside satchel's
 * store for the same database: connect-pg-simple, express-mysql-session and
 * better-sqlite3-session-store, configured as bench/README.md says (resave and
 * saveUninitialized false, cookies not `secure`, no pruning timer during the run).
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import { countingMysqlPool } from './counting-mysql.js';
import { countingPool } from './counting-pool.js';
import { BENCH_SECRET, requirePeer, reqSession } from './shared.js';
import type { VariantDef } from './types.js';

type ExpressSession = ((options: Record<string, unknown>) => RequestHandler) & { Store: unknown };
type StoreFactory = (session: ExpressSession) => new (...args: unknown[]) => { close?(): Promise<void> };

const expressSession = (): ExpressSession => requirePeer('express-session') as ExpressSession;
const middleware = (session: ExpressSession, store: unknown) =>
  session({ secret: BENCH_SECRET, resave: false, saveUninitialized: false, cookie: { secure: false }, store });

export const sqlPeerVariants: VariantDef[] = [
  {
    id: 'express-session-pg',
    label: 'express-session + connect-pg-simple (pg Pool)',
    group: 'peer',
    backend: 'postgres',
    async create(ctx) {
      const session = expressSession();
      const PgStore = (requirePeer('connect-pg-simple') as StoreFactory)(session);
      const pool = countingPool(ctx.postgresUrl);
      const table = ctx.unique;
      const store = new PgStore({ pool: pool.pool, tableName: table, createTableIfMissing: true, pruneSessionInterval: false });
      return {
        middleware: middleware(session, store),
        access: reqSession,
        roundTrips: () => pool.queries,
        async close() {
          await store.close?.();
          await pool.pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.pool.end();
        },
      };
    },
  },
  {
    id: 'express-session-mysql',
    label: 'express-session + express-mysql-session (mysql2 pool)',
    group: 'peer',
    backend: 'mysql',
    async create(ctx) {
      const session = expressSession();
      const MySQLStore = (requirePeer('express-mysql-session') as StoreFactory)(session);
      const counting = countingMysqlPool(ctx.mysqlUrl);
      const pool = counting.pool.promise();
      const table = ctx.unique;
      // clearExpired off: its 15-minute pruning timer would outlive the cell (the run is shorter anyway).
      const store = new MySQLStore({ clearExpired: false, createDatabaseTable: true, schema: { tableName: table } }, pool) as {
        onReady(): Promise<void>;
        close(): Promise<void>;
      };
      await store.onReady();
      return {
        middleware: middleware(session, store),
        access: reqSession,
        roundTrips: () => counting.queries,
        async close() {
          await store.close();
          await pool.query(`DROP TABLE IF EXISTS \`${table}\``);
          await pool.end();
        },
      };
    },
  },
  {
    id: 'express-session-sqlite',
    label: 'express-session + better-sqlite3-session-store (temp file, WAL)',
    group: 'peer',
    backend: 'sqlite',
    async create(ctx) {
      const session = expressSession();
      const BaseStore = (requirePeer('better-sqlite3-session-store') as (s: ExpressSession) => new (o: object) => object)(session);
      // Its pruning timer cannot be turned off (`expired.clear` is always true) nor stopped, and
      // it would keep the process alive: started unref'd instead, pruning as it would.
      class SqliteStore extends BaseStore {
        startInterval(this: { clearExpiredSessions(): void; expired: { intervalMs: number } }): void {
          setInterval(() => this.clearExpiredSessions(), this.expired.intervalMs).unref();
        }
      }
      const Database = requirePeer('better-sqlite3') as new (file: string) => { pragma(s: string): unknown; close(): void };
      const file = join(ctx.tmpDir, `${ctx.unique}.db`);
      const client = new Database(file);
      client.pragma('journal_mode = WAL');
      return {
        middleware: middleware(session, new SqliteStore({ client })),
        access: reqSession,
        async close() {
          client.close();
          await rm(file, { force: true });
          await rm(`${file}-wal`, { force: true });
          await rm(`${file}-shm`, { force: true });
        },
      };
    },
  },
];
