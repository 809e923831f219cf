/**
 * satchel's rows. Adding or adjusting one is a few lines here: an id, a label, and how to build
 * the middleware (the store and its options). Pieces load from `dist/` at bench time.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createClient } from 'redis';
import type { RequestHandler } from 'express';
import { deletePrefix } from './peers.js';
import { loadBuiltExport } from './load-satchel.js';
import { countingMysqlPool } from './counting-mysql.js';
import { countingPool, type CountingPool } from './counting-pool.js';
import { BENCH_AT_REST_KEY, BENCH_SECRET, requirePeer, reqSession } from './shared.js';
import type { Backend, VariantDef, VariantInstance } from './types.js';

type Store = { length?(): Promise<number>; close?(): Promise<void>; clear?(): Promise<void> };
type SessionFactory = (options: Record<string, unknown>) => RequestHandler;
type StoreClass = new (options: Record<string, unknown>) => Store;
type Opener = (ctx: Parameters<VariantDef['create']>[0]) => Promise<{ store: Store; extra?: Partial<VariantInstance>; cleanup(): Promise<void> }>;

/**
 * The options every satchel `session()` row shares. `secure` stays at its default ('auto'): on
 * plain-HTTP loopback that sends no Secure flag, like the peers' `secure: false`, which satchel
 * refuses under NODE_ENV=production (CK-01).
 */
const sessionOptions = (store: Store, more: Record<string, unknown>) => ({ secret: BENCH_SECRET, store, ...more });

/** The encryption-at-rest rows' option: one key, as `npx satchel keygen` makes (hex here), apart from the signing secret. */
const ENCRYPTION = { encryption: { keys: [BENCH_AT_REST_KEY] } };

/** A `session()` row: `open` builds the store and says how to tear it down. */
function storeRow(
  id: string,
  label: string,
  backend: Backend,
  open: Opener,
  more: Record<string, unknown> = {},
): VariantDef {
  return {
    id,
    label,
    group: 'satchel',
    backend,
    async create(ctx) {
      const session = await loadBuiltExport<SessionFactory>('session', 'index');
      const { store, extra, cleanup } = await open(ctx);
      return {
        middleware: session(sessionOptions(store, more)),
        access: reqSession,
        ...extra,
        async close() {
          await store.close?.();
          await cleanup();
        },
      };
    },
  };
}

// The default bound (10 000) would fill during warm-up and hide the heap cost per session.
const openMemory: Opener = async () => {
  const MemoryStore = await loadBuiltExport<StoreClass>('MemoryStore', 'index');
  const store = new MemoryStore({ max: 1_000_000 });
  return { store, extra: { storedCount: async () => (await store.length?.()) ?? 0 }, cleanup: async () => {} };
};

const openRedis: Opener = async (ctx) => {
  const RedisStore = await loadBuiltExport<StoreClass>('RedisStore', 'redis');
  const client = createClient({ url: ctx.redisUrl });
  await client.connect();
  const prefix = `${ctx.unique}:`;
  return { store: new RedisStore({ client, prefix }), cleanup: async () => { await deletePrefix(client, prefix); await client.quit(); } };
};

export const satchelVariants: VariantDef[] = [
  storeRow('satchel-memory', 'satchel session() + MemoryStore (max 1e6)', 'memory', openMemory),
  storeRow('satchel-sqlite', 'satchel session() + SqliteStore (temp file, WAL)', 'sqlite', async (ctx) => {
    const SqliteStore = await loadBuiltExport<StoreClass>('SqliteStore', 'sqlite');
    const Database = requirePeer('better-sqlite3') as new (file: string) => { pragma(s: string): unknown; close(): void };
    const file = join(ctx.tmpDir, `${ctx.unique}.db`);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    return { store: new SqliteStore({ db }), cleanup: async () => { db.close(); await rm(file, { force: true }); } };
  }),
  storeRow('satchel-redis', 'satchel session() + RedisStore (node-redis 5)', 'redis', openRedis),
  storeRow('satchel-postgres', 'satchel session() + PostgresStore (pg Pool)', 'postgres', async (ctx) => {
    const PostgresStore = await loadBuiltExport<StoreClass>('PostgresStore', 'postgres');
    const pool: CountingPool = countingPool(ctx.postgresUrl);
    const table = ctx.unique;
    return {
      store: new PostgresStore({ pool: pool.pool, table, pruneInterval: false }),
      extra: { roundTrips: () => pool.queries },
      cleanup: async () => { await pool.pool.query(`DROP TABLE IF EXISTS ${table}`); await pool.pool.end(); },
    };
  }),
  storeRow('satchel-mysql', 'satchel session() + MysqlStore (mysql2 pool)', 'mysql', async (ctx) => {
    const MysqlStore = await loadBuiltExport<StoreClass>('MysqlStore', 'mysql');
    const counting = countingMysqlPool(ctx.mysqlUrl);
    const table = ctx.unique;
    return {
      store: new MysqlStore({ pool: counting.pool, table, pruneInterval: false }),
      extra: { roundTrips: () => counting.queries },
      cleanup: async () => {
        const pool = counting.pool.promise();
        await pool.query(`DROP TABLE IF EXISTS \`${table}\``);
        await pool.end();
      },
    };
  }),
  storeRow('satchel-memory-encrypted', 'satchel session() + MemoryStore, encryption at rest', 'memory', openMemory, ENCRYPTION),
  storeRow('satchel-redis-encrypted', 'satchel session() + RedisStore, encryption at rest', 'redis', openRedis, ENCRYPTION),
  {
    id: 'satchel-cookie',
    label: 'satchel cookieSession() (AES-256-GCM sealed)',
    group: 'satchel',
    backend: 'cookie',
    async create() {
      const cookieSession = await loadBuiltExport<SessionFactory>('cookieSession', 'index');
      return { middleware: cookieSession({ keys: [BENCH_SECRET], name: 'session' }), access: reqSession, close: async () => {} };
    },
  },
];
