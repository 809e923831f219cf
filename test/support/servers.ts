/**
 * Where the real test servers are. CI and every developer machine run them on loopback;
 * override with the environment variables. A test that needs one and finds none fails loudly.
 */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const MYSQL_URL = process.env.MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
/** Opt-in: there is no MongoDB server on these machines. */
export const MONGODB_URL = process.env.MONGODB_URL;

/** A name unique to this process and call, for tables, prefixes and collections in shared servers. */
export function uniqueName(base: string): string {
  return `${base}_${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}
