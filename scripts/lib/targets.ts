/**
 * Session middlewares to put under load: satchel's `session()` over each satchel store, and
 * express-session 1.19 over MemoryStore, connect-redis (node-redis 5) and connect-pg-simple for
 * comparison. express-session and its stores have no types on purpose (they would clash with
 * satchel's `Express.Request` augmentation), so they are loaded untyped.
 */
import type { RequestHandler } from 'express';
import { createRequire } from 'node:module';
import pg from 'pg';
import { createClient } from 'redis';
import { session } from '../../src/index.js';
import { POSTGRES_URL, REDIS_URL, uniqueName } from '../../test/support/servers.js';
import { ALL_BACKENDS, BACKEND_LABEL, openBackend, type Backend, type BackendKind, type BackendOptions } from './backends.js';

const require = createRequire(import.meta.url);

/** A strong test secret (satchel refuses weak ones). */
export const SECRET = 'reliability-secret-0123456789-abcdefghijklmnop';

export interface OpenTarget {
  middleware: RequestHandler;
  /** The satchel backend, when the target is satchel. */
  backend?: Backend;
  close(): Promise<void>;
}

export interface Target {
  label: string;
  /** Name of the session cookie over plain HTTP. */
  cookieName: string;
  open(): Promise<OpenTarget>;
}

/** satchel's `session()` over a fresh store of `kind`. */
export function satchelTarget(kind: BackendKind, options: BackendOptions = {}, extra: { operationTimeout?: number } = {}): Target {
  return {
    label: BACKEND_LABEL[kind],
    cookieName: 'sid',
    async open() {
      const backend = await openBackend(kind, options);
      const middleware = session({ secret: SECRET, store: backend.store, operationTimeout: extra.operationTimeout ?? options.operationTimeout ?? 5000 });
      return { middleware: middleware as unknown as RequestHandler, backend, close: () => backend.close() };
    },
  };
}

type ExpressSessionFactory = ((options: Record<string, unknown>) => RequestHandler) & { MemoryStore: new () => unknown };

function expressSession(): ExpressSessionFactory {
  return require('express-session') as ExpressSessionFactory;
}

function expressSessionMiddleware(store: unknown): RequestHandler {
  return expressSession()({ secret: SECRET, store, resave: false, saveUninitialized: false });
}

/** express-session with its own MemoryStore. */
export const expressSessionMemory: Target = {
  label: 'express-session + MemoryStore',
  cookieName: 'connect.sid',
  async open() {
    const factory = expressSession();
    return { middleware: expressSessionMiddleware(new factory.MemoryStore()), close: async () => {} };
  },
};

/** express-session with connect-redis 10 on node-redis 5. */
export const expressSessionRedis: Target = {
  label: 'express-session + connect-redis (node-redis 5)',
  cookieName: 'connect.sid',
  async open() {
    const client = createClient({ url: REDIS_URL });
    client.on('error', () => {});
    await client.connect();
    const { RedisStore } = require('connect-redis') as { RedisStore: new (options: Record<string, unknown>) => { clear(cb: () => void): void } };
    const prefix = `${uniqueName('rel_cr')}:`;
    const store = new RedisStore({ client, prefix });
    return {
      middleware: expressSessionMiddleware(store),
      close: async () => {
        await new Promise<void>((resolve) => store.clear(() => resolve()));
        await client.close();
      },
    };
  },
};

/** express-session with connect-pg-simple 10. */
export const expressSessionPg: Target = {
  label: 'express-session + connect-pg-simple',
  cookieName: 'connect.sid',
  async open() {
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 10 });
    pool.on('error', () => {});
    const tableName = uniqueName('rel_cpg');
    const PgStore = (require('connect-pg-simple') as (session: unknown) => new (options: Record<string, unknown>) => { close(): void })(expressSession());
    const store = new PgStore({ pool, tableName, createTableIfMissing: true, pruneSessionInterval: false });
    return {
      middleware: expressSessionMiddleware(store),
      close: async () => {
        store.close();
        await pool.query(`DROP TABLE IF EXISTS "${tableName}"`);
        await pool.end();
      },
    };
  },
};

/** Every satchel store, then the express-session baselines. */
export function allTargets(): Target[] {
  return [...ALL_BACKENDS.map((kind) => satchelTarget(kind, { operationTimeout: 30_000 })), expressSessionMemory, expressSessionRedis, expressSessionPg];
}
