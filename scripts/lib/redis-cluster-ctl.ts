/**
 * Control of the private Redis Clusters the failover runs use: started and stopped through
 * scripts/redis-cluster.sh on their own ports and data dir (never the shared 7101 test cluster
 * or 6379), nodes killed by pid, and the slot map read back from a surviving node.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';

const script = fileURLToPath(new URL('../redis-cluster.sh', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Environment for scripts/redis-cluster.sh: ports from `basePort`, a data dir of their own. */
export function clusterEnv(basePort: number) {
  return { ...process.env, SATCHEL_CLUSTER_PORT: String(basePort), SATCHEL_CLUSTER_DIR: join(tmpdir(), `satchel-failover-${basePort}`) };
}

/**
 * Stops (and wipes) then starts the private cluster, and waits until every replica has synced:
 * `cluster_state:ok` comes seconds before the first (diskless, delayed) sync, and a replica that
 * never synced refuses to take over — a master killed then would never fail over.
 */
export async function freshCluster(basePort: number): Promise<void> {
  await promisify(execFile)('bash', [script, 'stop'], { env: clusterEnv(basePort), timeout: 60_000 });
  await promisify(execFile)('bash', [script, 'start'], { env: clusterEnv(basePort), timeout: 120_000 });
  const deadline = Date.now() + 60_000;
  for (let port = basePort; port < basePort + 6; port++) {
    const node = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
    await node.connect();
    try {
      // Masters wait 5 s by default before a diskless sync, to batch replicas; nothing to batch here.
      await node.call('CONFIG', 'SET', 'repl-diskless-sync-delay', '0');
      for (;;) {
        const info = String(await node.call('INFO', 'replication'));
        if (!/role:slave/.test(info) || /master_link_status:up/.test(info)) break;
        if (Date.now() > deadline) throw new Error(`replica on ${port} did not sync with its master within 60 s`);
        await sleep(200);
      }
    } finally {
      node.disconnect();
    }
  }
}

export async function stopCluster(basePort: number): Promise<void> {
  await promisify(execFile)('bash', [script, 'stop'], { env: clusterEnv(basePort), timeout: 60_000 });
}

/** SIGKILLs the redis-server of the private cluster on `port`. */
export function killNode(basePort: number, port: number): void {
  const pid = Number(readFileSync(join(clusterEnv(basePort).SATCHEL_CLUSTER_DIR, String(port), 'redis.pid'), 'utf8'));
  process.kill(pid, 'SIGKILL');
}

export interface Topology {
  /** slot range → master port */
  ranges: Array<{ from: number; to: number; port: number }>;
}

/** Slot ranges and their masters, as `port` sees them. */
export async function topology(port: number): Promise<Topology> {
  const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  await admin.connect();
  try {
    const slots = (await admin.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]>;
    return { ranges: slots.map(([from, to, master]) => ({ from, to, port: Number(master[1]) })) };
  } finally {
    admin.disconnect();
  }
}

/** The hash slot of each key. */
export async function slotsOf(port: number, keys: string[]): Promise<number[]> {
  const admin = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
  await admin.connect();
  try {
    return await Promise.all(keys.map(async (key) => Number(await admin.call('CLUSTER', 'KEYSLOT', key))));
  } finally {
    admin.disconnect();
  }
}

/** Port of the node now serving `slot` as master, asked of a surviving node. */
export async function masterOf(askPort: number, slot: number): Promise<number | null> {
  try {
    const { ranges } = await topology(askPort);
    return ranges.find((range) => slot >= range.from && slot <= range.to)?.port ?? null;
  } catch {
    return null;
  }
}

