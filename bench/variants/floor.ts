/**
 * The floor rows: a hand-written minimum with the same security properties as satchel, never
 * shipped, measured in the same run as the ratio satchel is held to (bench/README.md). Each
 * does exactly what the performance issue describes: the `sid` cookie, its HMAC-SHA256
 * signature checked with timingSafeEqual, a SHA-256 store key, `req.session` and `res.end` as
 * own properties, a JSON.stringify compare at `res.end`, a write only on change and a cookie
 * only for a new session (sealed: AES-256-GCM, a cookie only when the data changed).
 */
import { createClient } from 'redis';
import { countingPool } from './counting-pool.js';
import { mapStore } from './floor/memory.js';
import { postgresStore } from './floor/postgres.js';
import { redisStore } from './floor/redis.js';
import { sealedFloor } from './floor/sealed.js';
import { storedFloor } from './floor/stored.js';
import { deletePrefix } from './peers.js';
import { BENCH_SECRET, reqSession } from './shared.js';
import type { VariantDef } from './types.js';

const LABEL = 'floor (hand-written minimum, not shipped)';

export const floorVariants: VariantDef[] = [
  {
    id: 'floor-memory',
    label: `${LABEL}: memory (Map)`,
    group: 'floor',
    backend: 'memory',
    async create() {
      const store = mapStore();
      return { middleware: storedFloor(store, BENCH_SECRET), access: reqSession, storedCount: async () => store.size, close: async () => {} };
    },
  },
  {
    id: 'floor-redis',
    label: `${LABEL}: Redis (node-redis 5, GET + SET PX)`,
    group: 'floor',
    backend: 'redis',
    async create(ctx) {
      const client = createClient({ url: ctx.redisUrl });
      await client.connect();
      const prefix = `${ctx.unique}:`;
      return {
        middleware: storedFloor(redisStore(client, prefix), BENCH_SECRET),
        access: reqSession,
        async close() {
          await deletePrefix(client, prefix);
          await client.quit();
        },
      };
    },
  },
  {
    id: 'floor-cookie',
    label: `${LABEL}: sealed cookie (AES-256-GCM)`,
    group: 'floor',
    backend: 'cookie',
    async create() {
      return { middleware: sealedFloor(Buffer.from(BENCH_SECRET, 'hex')), access: reqSession, close: async () => {} };
    },
  },
  {
    id: 'floor-postgres',
    label: `${LABEL}: PostgreSQL (pg Pool, SELECT + upsert)`,
    group: 'floor',
    backend: 'postgres',
    async create(ctx) {
      const pool = countingPool(ctx.postgresUrl);
      const table = ctx.unique;
      const store = await postgresStore(pool.pool, table);
      return {
        middleware: storedFloor(store, BENCH_SECRET),
        access: reqSession,
        roundTrips: () => pool.queries,
        async close() {
          await pool.pool.query(`DROP TABLE IF EXISTS ${table}`);
          await pool.pool.end();
        },
      };
    },
  },
];
