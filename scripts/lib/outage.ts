/**
 * Backend outage under load: users keep writing to their sessions while the backend is cut
 * (a TCP proxy drops every connection and refuses new ones; for SQLite the file turns
 * read-only), then restored. Measures what failed, how fast, whether anything hung, whether
 * the process saw an unhandled rejection, and how soon requests succeed again.
 */
import Database from 'better-sqlite3';
import type { RequestHandler } from 'express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { session } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { startTcpProxy } from '../../test/support/tcp-proxy.js';
import { buildApp, listen } from './app.js';
import { BACKEND_LABEL, openBackend, serverAddress, type BackendKind } from './backends.js';
import { Browser } from './http.js';
import { SECRET } from './targets.js';
import { ReadonlyReopenDb } from './sqlite-fault.js';
import { startStallProxy } from './stall-proxy.js';

/**
 * `sqlite-locked`: another connection holds the file's write lock (BEGIN EXCLUSIVE) instead of
 * the file turning read-only. `<kind>-stall`: the network goes silent instead of refusing.
 */
export type NetworkKind = 'redis-node' | 'redis-io' | 'postgres' | 'mariadb';
export type OutageKind = Exclude<BackendKind, 'memory'> | 'sqlite-locked' | `${NetworkKind}-stall`;
export const STALL_BACKENDS: OutageKind[] = ['redis-node-stall', 'redis-io-stall', 'postgres-stall', 'mariadb-stall'];
export const OUTAGE_BACKENDS: Array<Exclude<BackendKind, 'memory'>> = ['sqlite', 'redis-node', 'redis-io', 'postgres', 'mariadb'];

export interface OutagePlan {
  /** Store `operationTimeout` (ms). */
  operationTimeout: number;
  users: number;
  /** Pause between one user's requests (ms). */
  pace: number;
  /** Load before the cut (ms). */
  warmup: number;
  /** How long the backend stays down (ms). */
  down: number;
  /** Load after the restore (ms); the run also waits until every user has succeeded once. */
  after: number;
  /** Slack on top of 2 × operationTimeout for event-loop lag before an answer counts as too slow (ms). */
  marginMs: number;
}

export const DEFAULT_PLAN: OutagePlan = { operationTimeout: 1000, users: 20, pace: 20, warmup: 1500, down: 4000, after: 3000, marginMs: 500 };

interface Sample {
  start: number;
  ms: number;
  status: number;
  code: string;
  hung: boolean;
}

export interface PhaseCounts {
  served: number;
  failed: number;
  hung: number;
}

export interface OutageReport {
  label: string;
  before: PhaseCounts;
  during: PhaseCounts & { codes: Record<string, number>; maxMs: number };
  after: PhaseCounts;
  /** Slowest answer of the whole run, and the bound nothing may pass. */
  maxMs: number;
  boundMs: number;
  /** From restore to the first request that succeeded and was sent after it (ms), or null. */
  recoveryMs: number | null;
  /** Failures among requests sent once every user had succeeded again after the restore. */
  failedAfterRecovery: number;
  unhandledRejections: number;
  uncaughtExceptions: number;
  /** Keys whose write was acknowledged (2xx) but that are missing at the end. */
  acknowledgedLost: number;
  acknowledged: number;
  /** Writes answered with an error that are in the session anyway: the client ran its queued command after the restore. */
  lateApplied: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function openFaulty(kind: OutageKind, operationTimeout: number) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'satchel-outage-'));
    const db = new ReadonlyReopenDb(join(dir, 'sessions.db'));
    const store = new SqliteStore({ db, operationTimeout, pruneInterval: 0 });
    return {
      store,
      driverErrors: [] as unknown[],
      cut: () => db.cut(),
      restore: () => db.restore(),
      close: async () => {
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind === 'sqlite-locked') {
    const dir = mkdtempSync(join(tmpdir(), 'satchel-outage-'));
    const file = join(dir, 'sessions.db');
    const db = new Database(file);
    const store = new SqliteStore({ db, operationTimeout, pruneInterval: 0 });
    // Another process (a backup, a migration, a second app) holding the write lock.
    const other = new Database(file);
    return {
      store,
      driverErrors: [] as unknown[],
      cut: () => void other.exec('BEGIN EXCLUSIVE'),
      restore: () => void (other.inTransaction && other.exec('COMMIT')),
      close: async () => {
        if (other.inTransaction) other.exec('COMMIT');
        other.close();
        await store.close();
        db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (kind.endsWith('-stall')) {
    const network = kind.slice(0, -'-stall'.length) as NetworkKind;
    const proxy = await startStallProxy(serverAddress(network));
    const silent = { port: proxy.port, cut: () => proxy.stall(), restore: () => proxy.restore(), close: () => proxy.close() };
    return openBehindProxy(network, silent, operationTimeout);
  }
  const network = kind as NetworkKind;
  const proxy = await startTcpProxy(serverAddress(network));
  return openBehindProxy(network, proxy, operationTimeout);
}

/** A proxy in front of a network backend; `cut` either refuses (TcpProxy) or goes silent (StallProxy). */
interface FaultProxy {
  readonly port: number;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

/** The network backend of `network`, connected through `proxy`, so cutting the proxy is the outage. */
async function openBehindProxy(network: NetworkKind, proxy: FaultProxy, operationTimeout: number) {
  const backend = await openBackend(network, { port: proxy.port, operationTimeout });
  return {
    store: backend.store,
    driverErrors: backend.driverErrors,
    cut: () => proxy.cut(),
    restore: () => proxy.restore(),
    close: async () => {
      proxy.restore();
      await backend.close();
      await proxy.close();
      await dropDirect(network, backend.name);
    },
  };
}

/** Drops the table / clears the prefix over a direct connection: the proxied pool may still be broken from the outage. */
async function dropDirect(kind: NetworkKind, name: string): Promise<void> {
  await (await openBackend(kind, { name: kind.startsWith('redis') ? name.slice(0, -1) : name })).close();
}

function labelOf(kind: OutageKind): string {
  if (kind === 'sqlite-locked') return `${BACKEND_LABEL.sqlite} — write lock held elsewhere`;
  if (kind === 'sqlite') return `${BACKEND_LABEL.sqlite} — file read-only`;
  if (kind.endsWith('-stall')) return `${BACKEND_LABEL[kind.slice(0, -'-stall'.length) as NetworkKind]} — network silent`;
  return `${BACKEND_LABEL[kind as NetworkKind]} — TCP cut`;
}

function count(samples: Sample[]): PhaseCounts {
  return {
    served: samples.filter((s) => s.status >= 200 && s.status < 300).length,
    failed: samples.filter((s) => !(s.status >= 200 && s.status < 300)).length,
    hung: samples.filter((s) => s.hung).length,
  };
}

/** Runs one outage against one store; the process-level listeners are removed afterwards. */
export async function runOutage(kind: OutageKind, plan: OutagePlan = DEFAULT_PLAN): Promise<OutageReport> {
  let unhandledRejections = 0;
  let uncaughtExceptions = 0;
  const onRejection = () => void unhandledRejections++;
  const onException = () => void uncaughtExceptions++;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  const faulty = await openFaulty(kind, plan.operationTimeout);
  const middleware = session({ secret: SECRET, store: faulty.store, operationTimeout: plan.operationTimeout });
  // Errors reach the app through next(err) (500s below); this keeps the event from being unhandled noise.
  middleware.on('error', () => {});
  const server = await listen(buildApp(middleware as unknown as RequestHandler));
  // A request makes at most two store calls in a row (load, then save), each bounded by the timeout.
  const boundMs = 2 * plan.operationTimeout + plan.marginMs;
  try {
    const users = Array.from({ length: plan.users }, () => new Browser('sid', boundMs + 5000));
    for (const user of users) {
      const init = await user.request(server.url, 'POST', '/init');
      if (init.status !== 200) throw new Error(`${kind}: /init failed with ${init.status} before the outage`);
    }
    const samples: Sample[] = [];
    const acked = users.map(() => [] as string[]);
    const refused = users.map(() => [] as string[]);
    // Set when they happen: a slow machine must not cut before the load is running.
    let cutAt = Number.POSITIVE_INFINITY;
    let restoreAt = Number.POSITIVE_INFINITY;
    let stopAt = Number.POSITIVE_INFINITY;
    const recoveredUsers = new Set<number>();
    let allRecoveredAt: number | null = null;
    let n = 0;
    const loop = async (index: number) => {
      const user = users[index]!;
      while (performance.now() < stopAt) {
        const key = `k${n++}`;
        const start = performance.now();
        const reply = await user.request(server.url, 'POST', `/set/${key}?delay=0`);
        const ok = reply.status >= 200 && reply.status < 300;
        samples.push({ start, ms: reply.ms, status: reply.status, code: ok ? 'ok' : String(reply.body.code ?? (reply.hung ? 'HUNG' : 'NO_ANSWER')), hung: reply.hung });
        if (ok) acked[index]!.push(key);
        else refused[index]!.push(key);
        if (ok && start >= restoreAt && !recoveredUsers.has(index)) {
          recoveredUsers.add(index);
          if (recoveredUsers.size === users.length) allRecoveredAt = performance.now();
        }
        await sleep(plan.pace);
      }
    };
    const cutter = (async () => {
      try {
        await sleep(plan.warmup);
        // Cut only once every user has been served at least once.
        const warmDeadline = performance.now() + 30_000;
        while (acked.some((list) => list.length === 0) && performance.now() < warmDeadline) await sleep(20);
        cutAt = performance.now();
        faulty.cut();
        await sleep(plan.down);
        restoreAt = performance.now();
        faulty.restore();
        // Keep loading until every user succeeded again (bounded), then `after` more.
        while (allRecoveredAt === null && performance.now() < restoreAt + 30_000) await sleep(50);
        stopAt = performance.now() + plan.after;
      } finally {
        // If anything above failed, the load must still stop.
        if (stopAt === Number.POSITIVE_INFINITY) stopAt = performance.now();
      }
    })();
    await Promise.all([cutter, ...users.map((_, i) => loop(i))]);
    // A request still in flight at the cut can fail because of it: it counts as during.
    const before = samples.filter((s) => s.start + s.ms < cutAt);
    const during = samples.filter((s) => s.start + s.ms >= cutAt && s.start < restoreAt);
    const afterSamples = samples.filter((s) => s.start >= restoreAt);
    const codes: Record<string, number> = {};
    for (const s of during) codes[s.code] = (codes[s.code] ?? 0) + 1;
    const firstOk = afterSamples.filter((s) => s.status === 200).sort((a, b) => a.start + a.ms - (b.start + b.ms))[0];
    const recoveredAt = allRecoveredAt as number | null;
    const settled = recoveredAt === null ? [] : afterSamples.filter((s) => s.start >= recoveredAt);
    // Every acknowledged key must be in its session: failed requests may be lost, acknowledged ones never.
    let acknowledgedLost = 0;
    let lateApplied = 0;
    // Commands a client queued while the backend was away can still run after it returns.
    await sleep(plan.operationTimeout);
    for (const [index, user] of users.entries()) {
      const view = await user.request(server.url, 'GET', '/keys');
      const present = new Set((view.body.keys as string[] | undefined) ?? []);
      acknowledgedLost += acked[index]!.filter((key) => !present.has(key)).length;
      lateApplied += refused[index]!.filter((key) => present.has(key)).length;
    }
    return {
      label: labelOf(kind),
      before: count(before),
      during: { ...count(during), codes, maxMs: Math.max(0, ...during.map((s) => s.ms)) },
      after: count(afterSamples),
      maxMs: Math.max(0, ...samples.map((s) => s.ms)),
      boundMs,
      recoveryMs: firstOk ? firstOk.start + firstOk.ms - restoreAt : null,
      failedAfterRecovery: count(settled).failed,
      unhandledRejections,
      uncaughtExceptions,
      acknowledgedLost,
      lateApplied,
      acknowledged: acked.reduce((sum, list) => sum + list.length, 0),
    };
  } finally {
    await server.close();
    await faulty.close();
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  }
}
