import { setMaxListeners } from 'node:events';
import { SessionOptionsError } from '../../errors.js';
import { DeadlineReached } from '../../operation.js';
import type { LuaScript } from './scripts.js';

/** The part of a node-redis 5/6 client (`createClient`) satchel uses. */
export interface NodeRedisClientLike {
  sendCommand(args: ReadonlyArray<string>, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
}

/** The part of a node-redis 5/6 cluster (`createCluster`) satchel uses. */
export interface NodeRedisClusterLike {
  sendCommand(firstKey: string | undefined, isReadonly: boolean | undefined, args: string[], options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  readonly masters: ReadonlyArray<unknown>;
  nodeClient(node: never): Promise<NodeRedisClientLike> | NodeRedisClientLike;
}

/** The part of an ioredis 5/6 client (`new Redis()`) satchel uses. */
export interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>;
  readonly isCluster: boolean;
  readonly options?: { keyPrefix?: string };
}

/** The part of an ioredis 5/6 cluster (`new Redis.Cluster()`) satchel uses. */
export interface IoRedisClusterLike extends IoRedisLike {
  nodes(role: 'master'): IoRedisLike[];
}

/** Any client `RedisStore` accepts: node-redis or ioredis, standalone or cluster. */
export type RedisClientLike = NodeRedisClientLike | NodeRedisClusterLike | IoRedisLike | IoRedisClusterLike;

/**
 * What the store needs from Redis, the same for every client and topology. Commands are routed
 * by their one key, so on a cluster each goes straight to the shard that owns it.
 */
export interface RedisAdapter {
  readonly kind: 'node-redis' | 'node-redis-cluster' | 'ioredis' | 'ioredis-cluster';
  /** Runs a single-key script: EVALSHA, and EVAL once when the node has not cached it yet. */
  script(script: LuaScript, key: string, args: string[]): Promise<unknown>;
  /** Runs a single-key command. */
  command(key: string, args: string[]): Promise<unknown>;
  /** Every key matching a SCAN pattern (relative to any client-level key prefix), on every master, deduplicated. */
  scan(pattern: string, count: number): Promise<string[]>;
}

type Send = (key: string, args: string[]) => Promise<unknown>;
type NodeScan = (args: string[]) => Promise<unknown>;

function isFunction(value: unknown): value is (...args: never[]) => unknown {
  return typeof value === 'function';
}

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

// Redis answers NOSCRIPT when a node has not seen a script (restart, failover, SCRIPT FLUSH).
// The prefix is Redis' error code, part of its protocol, not a message to parse.
function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith('NOSCRIPT');
}

async function scanNode(send: NodeScan, pattern: string, count: number, into: Set<string>): Promise<void> {
  let cursor = '0';
  do {
    const reply = (await send(['SCAN', cursor, 'MATCH', pattern, 'COUNT', String(count)])) as [unknown, unknown[]];
    cursor = text(reply[0]);
    for (const key of reply[1] ?? []) into.add(text(key));
  } while (cursor !== '0');
}

function build(kind: RedisAdapter['kind'], send: Send, nodes: () => Promise<NodeScan[]>, keyPrefix: string): RedisAdapter {
  return {
    kind,
    async script(script, key, args) {
      try {
        return await send(key, ['EVALSHA', script.sha, '1', key, ...args]);
      } catch (error) {
        if (!isNoScript(error)) throw error;
        return send(key, ['EVAL', script.source, '1', key, ...args]);
      }
    },
    command: send,
    async scan(pattern, count) {
      const keys = new Set<string>();
      for (const node of await nodes()) await scanNode(node, keyPrefix + pattern, count, keys);
      // ioredis prefixes the keys of commands but not SCAN patterns or replies.
      return [...keys].filter((key) => key.startsWith(keyPrefix)).map((key) => key.slice(keyPrefix.length));
    },
  };
}

/**
 * Abort signals for node-redis commands. A timer per command tripled the cost of a read, so
 * commands issued within the same 25 ms share one signal firing `ms` after the first of them.
 */
function deadlines(ms: number): () => { abortSignal: AbortSignal } {
  let current: { abortSignal: AbortSignal } | undefined;
  let until = 0;
  const window = Math.min(25, ms / 2);
  return () => {
    const now = performance.now();
    if (current === undefined || now >= until) {
      const abortSignal = AbortSignal.timeout(ms);
      // Queued commands each listen on it while Redis is away; that many listeners is expected.
      setMaxListeners(0, abortSignal);
      current = { abortSignal };
      until = now + window;
    }
    return current;
  };
}

/**
 * Sends a node-redis command with the current deadline signal. node-redis rejects a command its
 * signal withdrew with a plain "The command was aborted"; that is the store's deadline, so it is
 * reported as one (ERR_SESSION_STORE_TIMEOUT), not as a backend failure.
 */
function withDeadline(signal: () => { abortSignal: AbortSignal }, send: (options: { abortSignal: AbortSignal }) => Promise<unknown>): Promise<unknown> {
  const options = signal();
  return send(options).catch((error: unknown) => {
    throw options.abortSignal.aborted ? new DeadlineReached(error) : error;
  });
}

// node-redis refreshes its slot map only on MOVED/ASK replies, and a dead master sends neither:
// after a failover every command for that shard fails until the process restarts
// (redis/node-redis#2806). ioredis recovers by itself. So on a failed command we ask node-redis
// to rediscover, through its internal slot manager (guarded: a private API that may change),
// at most once a second.
function slotRediscovery(cluster: NodeRedisClusterLike): () => void {
  const internals = cluster as unknown as { _self?: { _slots?: unknown }; _slots?: unknown };
  const slots = (internals._self?._slots ?? internals._slots) as { rediscover?: (startWith: unknown) => Promise<void> } | undefined;
  let last = -Infinity;
  return () => {
    const now = performance.now();
    if (typeof slots?.rediscover !== 'function' || now - last < 1000) return;
    last = now;
    const master = cluster.masters[Math.floor(Math.random() * cluster.masters.length)];
    Promise.resolve()
      .then(async () => slots.rediscover!(master === undefined ? { options: undefined } : await cluster.nodeClient(master as never)))
      .catch(() => {});
  };
}

/**
 * Wraps the user's client by its shape; never imports a driver. Throws `SessionOptionsError`
 * for anything else. node-redis commands carry an abort signal firing after `deadlineMs`: a
 * command still in the offline queue when the store gives up is dropped, so a write reported
 * as failed does not run later when Redis returns (ioredis offers no such hook).
 */
export function createAdapter(client: unknown, deadlineMs: number): RedisAdapter {
  const signal = deadlines(deadlineMs);
  const c = client as Record<string, unknown> | null;
  if (c === null || typeof c !== 'object') {
    throw new SessionOptionsError('RedisStore: `client` is required: pass a node-redis or ioredis client (standalone or cluster)');
  }
  if (isFunction(c.call) && typeof c.isCluster === 'boolean') {
    const io = client as IoRedisClusterLike;
    const options = io.options as { keyPrefix?: string; redisOptions?: { keyPrefix?: string } } | undefined;
    const keyPrefix = options?.keyPrefix ?? options?.redisOptions?.keyPrefix ?? '';
    const send: Send = (_key, [command, ...args]) => io.call(command!, ...args);
    if (io.isCluster) {
      const nodes = async () => io.nodes('master').map((node): NodeScan => ([command, ...args]) => node.call(command!, ...args));
      return build('ioredis-cluster', send, nodes, keyPrefix);
    }
    return build('ioredis', send, async () => [(args) => send('', args)], keyPrefix);
  }
  if (isFunction(c.sendCommand) && isFunction(c.nodeClient) && Array.isArray(c.masters)) {
    const cluster = client as NodeRedisClusterLike;
    const rediscover = slotRediscovery(cluster);
    const send: Send = (key, args) =>
      withDeadline(signal, (options) => cluster.sendCommand(key, false, args, options)).catch((error: unknown) => {
        rediscover();
        throw error;
      });
    const nodes = () =>
      Promise.all(
        cluster.masters.map(async (master): Promise<NodeScan> => {
          const node = await cluster.nodeClient(master as never);
          return (args) => withDeadline(signal, (options) => node.sendCommand(args, options));
        }),
      );
    return build('node-redis-cluster', send, nodes, '');
  }
  if (isFunction(c.sendCommand)) {
    const single = client as NodeRedisClientLike;
    const send: Send = (_key, args) => withDeadline(signal, (options) => single.sendCommand(args, options));
    return build('node-redis', send, async () => [(args) => send('', args)], '');
  }
  throw new SessionOptionsError(
    'RedisStore: `client` is not a Redis client: pass `createClient()`/`createCluster()` from redis or `new Redis()`/`new Redis.Cluster()` from ioredis',
  );
}
