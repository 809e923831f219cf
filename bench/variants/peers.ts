/**
 * The baseline and the peer libraries, configured as bench/README.md says: `resave:false`,
 * `saveUninitialized:false`, cookies not `secure` (plain HTTP on loopback).
 */
import { createClient } from 'redis';
import type { RequestHandler } from 'express';
import { BENCH_SECRET, lengthOf, requirePeer, reqSession } from './shared.js';
import type { VariantDef } from './types.js';

type ExpressSession = ((options: Record<string, unknown>) => RequestHandler) & { MemoryStore: new () => unknown };

const expressSession = (): ExpressSession => requirePeer('express-session') as ExpressSession;
const esOptions = (store?: unknown) => ({
  secret: BENCH_SECRET,
  resave: false,
  saveUninitialized: false,
  cookie: { secure: false },
  ...(store ? { store } : {}),
});

export const peerVariants: VariantDef[] = [
  {
    id: 'bare',
    label: 'bare Express 5 (no sessions)',
    group: 'baseline',
    backend: 'none',
    async create() {
      return { access: () => ({ data: {} }), close: async () => {} };
    },
  },
  {
    id: 'express-session-memory',
    label: 'express-session + MemoryStore',
    group: 'peer',
    backend: 'memory',
    async create() {
      const session = expressSession();
      const store = new session.MemoryStore() as Parameters<typeof lengthOf>[0];
      return { middleware: session(esOptions(store)), access: reqSession, storedCount: () => lengthOf(store), close: async () => {} };
    },
  },
  {
    id: 'express-session-memorystore',
    label: 'express-session + memorystore',
    group: 'peer',
    backend: 'memory',
    async create() {
      const session = expressSession();
      const MemoryStore = (requirePeer('memorystore') as (s: unknown) => new (o: object) => Parameters<typeof lengthOf>[0] & { stopInterval(): void })(session);
      const store = new MemoryStore({ checkPeriod: 86_400_000 });
      return {
        middleware: session(esOptions(store)),
        access: reqSession,
        storedCount: () => lengthOf(store),
        close: async () => store.stopInterval(),
      };
    },
  },
  {
    id: 'express-session-redis',
    label: 'express-session + connect-redis (node-redis 5)',
    group: 'peer',
    backend: 'redis',
    async create(ctx) {
      const session = expressSession();
      const { RedisStore } = requirePeer('connect-redis') as { RedisStore: new (o: object) => unknown };
      const client = createClient({ url: ctx.redisUrl });
      await client.connect();
      const prefix = `${ctx.unique}:`;
      return {
        middleware: session(esOptions(new RedisStore({ client, prefix }))),
        access: reqSession,
        async close() {
          await deletePrefix(client, prefix);
          await client.quit();
        },
      };
    },
  },
  {
    id: 'cookie-session',
    label: 'cookie-session (signed, not encrypted)',
    group: 'peer',
    backend: 'cookie',
    async create() {
      const cookieSession = requirePeer('cookie-session') as (o: object) => RequestHandler;
      return { middleware: cookieSession({ name: 'session', keys: [BENCH_SECRET] }), access: reqSession, close: async () => {} };
    },
  },
  {
    id: 'iron-session',
    label: 'iron-session 8 (sealed)',
    group: 'peer',
    backend: 'cookie',
    async create() {
      const { getIronSession } = requirePeer('iron-session') as {
        getIronSession(req: unknown, res: unknown, o: object): Promise<Record<string, unknown> & { save(): Promise<void> }>;
      };
      const options = { password: BENCH_SECRET, cookieName: 'iron', cookieOptions: { secure: false } };
      return {
        async access(req, res) {
          const session = await getIronSession(req, res, options);
          return { data: session, save: () => session.save() };
        },
        close: async () => {},
      };
    },
  },
];

/** Removes this cell's keys only (SCAN + DEL on the prefix), never FLUSHALL. */
export async function deletePrefix(client: ReturnType<typeof createClient>, prefix: string): Promise<void> {
  let batch: string[] = [];
  for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 1000 })) {
    batch.push(...keys);
    if (batch.length >= 1000) {
      await client.del(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await client.del(batch);
}
