import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Cluster as IoCluster5, Redis as IoRedis5 } from 'ioredis';
import { Cluster as IoCluster6, Redis as IoRedis6 } from 'ioredis6';
import { createClient as createClient5, createCluster as createCluster5 } from 'redis';
import { createClient as createClient6, createCluster as createCluster6 } from 'redis6';
import type { RedisClientLike } from '../../src/stores/redis.js';
import { REDIS_URL } from './servers.js';

/**
 * Redis clients for satchel's store tests: every supported client major, standalone (the
 * machine's Redis or a proxy in front of it) and on the local test cluster that
 * `scripts/redis-cluster.sh` runs on 127.0.0.1:7101-7106.
 */
export type RedisFlavour = 'node-redis 5' | 'node-redis 6' | 'ioredis 5' | 'ioredis 6';
export const FLAVOURS: RedisFlavour[] = ['node-redis 5', 'node-redis 6', 'ioredis 5', 'ioredis 6'];

export const CLUSTER_PORT = Number(process.env.SATCHEL_CLUSTER_PORT ?? 7101);
const script = fileURLToPath(new URL('../../scripts/redis-cluster.sh', import.meta.url));

/** Starts the test cluster unless it is up; rejects (the test fails) when it cannot. */
export async function ensureRedisCluster(): Promise<void> {
  await promisify(execFile)('bash', [script, 'start'], { timeout: 60_000 });
}

/** A connected client and how to close it. `errors` collects client error events (a client without a listener would crash the process). */
export interface TestRedis {
  client: RedisClientLike;
  errors: unknown[];
  quit(): Promise<void>;
}

/** Connecting retries forever with these clients; a server that is not there must fail the test, not hang it. */
export async function within(what: string, pending: Promise<unknown>, onTimeout: () => void, ms = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new Error(`could not connect to ${what} within ${ms} ms: is it running?`));
    }, ms);
  });
  try {
    await Promise.race([pending, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function target(port?: number): { host: string; port: number } {
  const url = new URL(REDIS_URL);
  return { host: url.hostname, port: port ?? Number(url.port || 6379) };
}

/** A standalone client, to the test Redis or to `port` (a proxy in front of it). */
export async function connectStandalone(flavour: RedisFlavour, port?: number): Promise<TestRedis> {
  const { host } = target();
  const at = target(port);
  const errors: unknown[] = [];
  if (flavour.startsWith('node-redis')) {
    const options = { url: `redis://${host}:${at.port}`, socket: { reconnectStrategy: () => 100 } };
    const client = flavour === 'node-redis 5' ? createClient5(options) : createClient6(options);
    client.on('error', (error: unknown) => errors.push(error));
    await within(`Redis at ${host}:${at.port}`, client.connect(), () => client.destroy());
    return { client, errors, quit: async () => void (await client.close()) };
  }
  const options = { host, port: at.port, retryStrategy: () => 100, lazyConnect: true };
  const client = flavour === 'ioredis 5' ? new IoRedis5(options) : new IoRedis6(options);
  client.on('error', (error: unknown) => errors.push(error));
  await within(`Redis at ${host}:${at.port}`, client.connect(), () => client.disconnect());
  return { client, errors, quit: async () => void client.disconnect() };
}

/** A cluster client on the test cluster (start it first with {@link ensureRedisCluster}). */
export async function connectCluster(flavour: RedisFlavour): Promise<TestRedis> {
  const errors: unknown[] = [];
  if (flavour.startsWith('node-redis')) {
    const options = { rootNodes: [{ url: `redis://127.0.0.1:${CLUSTER_PORT}` }] };
    const client = flavour === 'node-redis 5' ? createCluster5(options) : createCluster6(options);
    client.on('error', (error: unknown) => errors.push(error));
    await within(`the Redis cluster at 127.0.0.1:${CLUSTER_PORT}`, client.connect(), () => client.destroy());
    return { client, errors, quit: async () => void (await client.close()) };
  }
  const nodes = [{ host: '127.0.0.1', port: CLUSTER_PORT }];
  const client = flavour === 'ioredis 5' ? new IoCluster5(nodes, { lazyConnect: true }) : new IoCluster6(nodes, { lazyConnect: true });
  client.on('error', (error: unknown) => errors.push(error));
  await within(`the Redis cluster at 127.0.0.1:${CLUSTER_PORT}`, client.connect(), () => client.disconnect());
  return { client, errors, quit: async () => void client.disconnect() };
}
