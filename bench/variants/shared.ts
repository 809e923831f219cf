/** Small pieces every variant file uses. */
import { createRequire } from 'node:module';
import type { IncomingMessage } from 'node:http';
import type { SessionAccess } from './types.js';

/** Untyped peers (no @types on purpose: they would clash with satchel's augmentation). */
export const requirePeer = createRequire(import.meta.url);

/** A fixed 32-byte random key as hex: passes every library's key check (satchel's refuses patterned keys). */
export const BENCH_SECRET = '88cd93ad9c40239809b968e7d893902a5f7bdbccd7ab14afb87ee73e83fd90c2';

/** The encryption-at-rest key of the encrypted rows: 32 random bytes as hex, apart from the signing secret. */
export const BENCH_AT_REST_KEY = '8779a243453ebb24fc31c6445542d9185523f61f0a39ad983dcf2ac8dc0a7893';

/** Access for libraries that put the session on `req.session` and commit on their own. */
export function reqSession(req: IncomingMessage): SessionAccess {
  return { data: (req as IncomingMessage & { session: Record<string, unknown> }).session };
}

/** Node-style callback → promise, for express-session stores' `length`. */
export function lengthOf(store: { length(cb: (err: unknown, n?: number) => void): void }): Promise<number> {
  return new Promise((resolve, reject) => store.length((err, n) => (err ? reject(err) : resolve(n ?? 0))));
}

let logged = false;

/** Logs the first failure of a server child, so an "error" cell can show why; later ones would flood stderr. */
export function logFirstError(error: unknown): void {
  if (!logged) console.error(error);
  logged = true;
}

/** `n` on a session that is a plain property bag (satchel, koa-session, @fastify/session, @fastify/secure-session's proxy). */
export const PROPERTY_N = {
  get: (session: unknown) => (session as Record<string, unknown>).n,
  set: (session: unknown, n: number) => void ((session as Record<string, unknown>).n = n),
};

/** No session (the bare rows): `n` is never there. */
export const NO_SESSION = { get: () => undefined, set: () => {} };

/** The servers a run uses, from the environment or the machine's defaults (run.ts, request-cpu.ts, profile.ts). */
export const SERVERS = Object.freeze({
  postgresUrl: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  mysqlUrl: process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
});
