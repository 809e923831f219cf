/**
 * Redis Cluster failover under load: a private 3-master + 3-replica cluster (see redis-cluster-ctl.ts;
 * on ports 7301-7306 by default, never the shared 7101 test cluster or 6379), satchel's RedisStore on
 * a cluster client, users writing to their sessions, and one master SIGKILLed mid-load. Reports,
 * per side (the failed shard vs the others): requests failed during the failover, whether the
 * client recovered by itself, and acknowledged writes lost (asynchronous replication may drop the
 * last ones the dead master acknowledged).
 */
import type { RequestHandler } from 'express';
import { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { hashStoreKey } from '../../src/crypto/ids.js';
import { session } from '../../src/index.js';
import { RedisStore, type RedisClientLike } from '../../src/stores/redis.js';
import { buildApp, listen } from './app.js';
import { freshCluster, killNode, masterOf, slotsOf, topology } from './redis-cluster-ctl.js';
import { Browser } from './http.js';
import { SECRET } from './targets.js';

export type ClusterFlavour = 'ioredis 5' | 'node-redis 5';

export interface FailoverPlan {
  /** First of six consecutive ports. @default 7301 */
  basePort: number;
  users: number;
  /** Pause between one user's writes (ms). */
  pace: number;
  warmup: number;
  /** Load kept up after every user of the failed shard succeeded again (ms). */
  after: number;
  operationTimeout: number;
  /** Give up waiting for recovery after this long (ms). */
  recoveryLimit: number;
}

export const DEFAULT_FAILOVER_PLAN: FailoverPlan = { basePort: 7301, users: 120, pace: 5, warmup: 2000, after: 3000, operationTimeout: 1000, recoveryLimit: 30_000 };

export interface SideReport {
  sessions: number;
  acknowledged: number;
  /** Requests answered after the kill and sent before every user of the failed shard succeeded again, that failed. */
  failedDuringFailover: number;
  servedDuringFailover: number;
  /** Requests sent after that window that failed. */
  failedAfterRecovery: number;
  /** Sessions whose `init` key is gone. */
  sessionsLost: number;
  /** Acknowledged writes missing at the end. */
  writesLost: number;
  /** Sessions that could not be read back at the end (the client had not recovered). */
  unreadable: number;
  /** Kill → every user on this side succeeded again (ms), or null if never. */
  recoveredMs: number | null;
  /** Slowest answer after the kill (ms). */
  slowestMs: number;
}

export interface FailoverReport {
  flavour: ClusterFlavour;
  killedPort: number;
  promotedPort: number | null;
  /** Kill → the replica reported as master (ms). */
  promotedMs: number | null;
  failed: SideReport;
  others: SideReport;
  errorCodes: Record<string, number>;
  /** The last error seen while reading sessions back, if any. */
  lastError: string | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(flavour: ClusterFlavour, basePort: number): Promise<{ client: RedisClientLike; close(): Promise<void> }> {
  if (flavour === 'ioredis 5') {
    const client = new Cluster([{ host: '127.0.0.1', port: basePort }], { lazyConnect: true });
    client.on('error', () => {});
    await client.connect();
    return { client, close: async () => void client.disconnect() };
  }
  const client = createCluster({ rootNodes: [{ url: `redis://127.0.0.1:${basePort}` }] });
  client.on('error', () => {});
  await client.connect();
  return { client, close: async () => void (await client.close().catch(() => client.destroy())) };
}

interface Sample {
  user: number;
  start: number;
  end: number;
  ok: boolean;
  code: string;
}

/** When every user in `users` had a success sent after `from` (end time of the last first success), or null. */
function recoveredAt(users: number[], samples: Sample[], from: number): number | null {
  const firstOk = new Map<number, number>();
  for (const s of samples) if (s.ok && s.start >= from && !firstOk.has(s.user)) firstOk.set(s.user, s.end);
  const relevant = users.filter((u) => firstOk.has(u));
  return relevant.length === users.length ? Math.max(from, ...relevant.map((u) => firstOk.get(u)!)) : null;
}

/**
 * One side's numbers. The failover window runs from the kill until every user of the failed
 * shard has succeeded again; "after" is everything sent later.
 */
function side(users: number[], samples: Sample[], acked: string[][], lost: { keys: number[]; sessions: number[]; unreadable: number[] }, killAt: number, windowEnd: number | null): SideReport {
  const mine = new Set(users);
  const own = samples.filter((s) => mine.has(s.user));
  const end = windowEnd ?? Number.POSITIVE_INFINITY;
  const window = own.filter((s) => s.end >= killAt && s.start < end);
  const after = own.filter((s) => s.start >= end);
  const recovered = recoveredAt(users, own, killAt);
  return {
    sessions: users.length,
    acknowledged: users.reduce((sum, u) => sum + acked[u]!.length, 0),
    failedDuringFailover: window.filter((s) => !s.ok).length,
    servedDuringFailover: window.filter((s) => s.ok).length,
    failedAfterRecovery: after.filter((s) => !s.ok).length,
    sessionsLost: users.reduce((sum, u) => sum + lost.sessions[u]!, 0),
    writesLost: users.reduce((sum, u) => sum + lost.keys[u]!, 0),
    unreadable: users.reduce((sum, u) => sum + lost.unreadable[u]!, 0),
    recoveredMs: recovered === null ? null : recovered - killAt,
    slowestMs: Math.max(0, ...own.filter((s) => s.end >= killAt).map((s) => s.end - s.start)),
  };
}

/** One failover run on a fresh private cluster with one client flavour. */
export async function runFailover(flavour: ClusterFlavour, plan: FailoverPlan = DEFAULT_FAILOVER_PLAN): Promise<FailoverReport> {
  await freshCluster(plan.basePort);
  const { client, close } = await connect(flavour, plan.basePort);
  const prefix = 'failover:';
  const store = new RedisStore({ client, prefix, operationTimeout: plan.operationTimeout });
  const middleware = session({ secret: SECRET, store, operationTimeout: plan.operationTimeout });
  middleware.on('error', () => {});
  const server = await listen(buildApp(middleware as unknown as RequestHandler));
  try {
    const users = Array.from({ length: plan.users }, () => new Browser('sid', plan.operationTimeout * 2 + 10_000));
    for (const user of users) {
      const init = await user.request(server.url, 'POST', '/init');
      if (init.status !== 200) throw new Error(`${flavour}: /init answered ${init.status} on a healthy cluster`);
    }
    // Which master holds each session: its store key's slot on the cluster's own map.
    const keys = users.map((user) => {
      const value = decodeURIComponent(user.cookie!.slice(user.cookie!.indexOf('=') + 1));
      return `${prefix}s:${hashStoreKey(value.slice(2, value.lastIndexOf('.')))}`;
    });
    const slots = await slotsOf(plan.basePort, keys);
    const { ranges } = await topology(plan.basePort);
    const masterPorts = [...new Set(ranges.map((range) => range.port))];
    // Never the client's seed node, so the run also shows a client finding the new topology by itself.
    const killedPort = masterPorts.find((port) => port !== plan.basePort)!;
    const shardOf = slots.map((slot) => ranges.find((range) => slot >= range.from && slot <= range.to)!.port);
    const onFailed = users.map((_, i) => i).filter((i) => shardOf[i] === killedPort);
    const onOthers = users.map((_, i) => i).filter((i) => shardOf[i] !== killedPort);
    const watchSlot = slots[onFailed[0] ?? 0]!;

    const samples: Sample[] = [];
    const acked = users.map(() => [] as string[]);
    const errorCodes: Record<string, number> = {};
    let killAt = Number.POSITIVE_INFINITY;
    let stop = false;
    let n = 0;
    const loop = async (index: number) => {
      while (!stop) {
        const key = `k${n++}`;
        const start = performance.now();
        const reply = await users[index]!.request(server.url, 'POST', `/set/${key}?delay=0`);
        const ok = reply.status === 200;
        const code = ok ? 'ok' : String(reply.body.code ?? (reply.hung ? 'HUNG' : 'NO_ANSWER'));
        samples.push({ user: index, start, end: performance.now(), ok, code });
        if (ok) acked[index]!.push(key);
        else if (performance.now() >= killAt) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        await sleep(plan.pace);
      }
    };
    const loads = users.map((_, i) => loop(i));
    let promotedPort: number | null = null;
    let promotedMs: number | null = null;
    try {
      await sleep(plan.warmup);
      killAt = performance.now();
      killNode(plan.basePort, killedPort);
      // Wait for the replica's promotion, then until every user of the failed shard succeeded again.
      const survivor = masterPorts.find((port) => port !== killedPort)!;
      while (performance.now() - killAt < plan.recoveryLimit) {
        if (promotedPort === null) {
          const master = await masterOf(survivor, watchSlot);
          if (master !== null && master !== killedPort) {
            promotedPort = master;
            promotedMs = performance.now() - killAt;
          }
        }
        if (promotedPort !== null && recoveredAt(onFailed, samples, killAt) !== null) break;
        await sleep(100);
      }
      await sleep(plan.after);
    } finally {
      // Whatever happened above, the load stops.
      stop = true;
      await Promise.all(loads);
    }
    const windowEnd = recoveredAt(onFailed, samples, killAt);
    // Read every session back through the same (never restarted) client.
    const lostKeys = users.map(() => 0);
    const unreadable = users.map(() => 0);
    let lastError: string | null = null;
    const sessionsLost = users.map(() => 0);
    await Promise.all(
      users.map(async (user, index) => {
        const view = await user.request(server.url, 'GET', '/keys');
        if (view.status !== 200) {
          unreadable[index] = 1;
          lastError = `${view.status} ${String(view.body.code)}: ${String(view.body.detail ?? '')}`;
          return;
        }
        const present = new Set((view.body.keys as string[] | undefined) ?? []);
        if (!present.has('init')) sessionsLost[index] = 1;
        lostKeys[index] = acked[index]!.filter((key) => !present.has(key)).length;
      }),
    );
    return {
      flavour,
      killedPort,
      promotedPort,
      promotedMs,
      failed: side(onFailed, samples, acked, { keys: lostKeys, sessions: sessionsLost, unreadable }, killAt, windowEnd),
      others: side(onOthers, samples, acked, { keys: lostKeys, sessions: sessionsLost, unreadable }, killAt, windowEnd),
      lastError,
      errorCodes,
    };
  } finally {
    await server.close();
    await close();
  }
}
