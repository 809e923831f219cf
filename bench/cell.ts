/**
 * One cell of the table: a fresh server for one variant × scenario, a cookie if the scenario
 * needs one, warm-up, then the measured run between two server snapshots.
 */
import { PROXY_HEADERS } from './app.js';
import { runLoad, startServer } from './children.js';
import type { BenchRedis } from './redis-server.js';
import { monitorCommands } from './redis-monitor.js';
import type { GcTotals, LoadResult, ServerSnapshot } from './protocol.js';
import type { VariantDef } from './variants/types.js';

export type Scenario = '/new' | '/read' | '/write';
export const SCENARIOS: readonly Scenario[] = ['/new', '/read', '/write'];

export interface CellSettings {
  warmSeconds: number;
  seconds: number;
  connections: number;
  redis: BenchRedis;
  postgresUrl: string;
  mysqlUrl: string;
  tmpDir: string;
}

/** A measured cell, or why there is none. */
export type CellResult =
  | {
      status: 'ok';
      load: LoadResult;
      /** Server CPU (user + system) per request in the measured window, µs. */
      cpuPerRequest: number;
      /** Heap growth per stored session over the /new run (in-process stores only), bytes. */
      heapPerSession: number | null;
      /** Backend round trips per request, with the per-command split for Redis. */
      roundTrips: { perRequest: number; split: Record<string, number> } | null;
      /** Redis only: commands Redis executed per request (INFO commandstats), scripts' inner commands included. */
      executed: number | null;
      /** Server GC pauses in the measured window: µs per request (all kinds), and the mean scavenge, ms. */
      gc?: { perRequest: number; scavengeMs: number | null };
    }
  | { status: 'n/a' | 'error'; reason: string };

let cellCounter = 0;

/**
 * Builds the Cookie header a returning visitor sends: every cookie the server set on `/new`, the
 * last Set-Cookie of a name winning as in a browser (hono-sessions' CookieStore sets its cookie twice).
 */
async function obtainCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/new`, { headers: PROXY_HEADERS });
  await res.text();
  if (res.status !== 200) throw new Error(`/new answered ${res.status}`);
  return cookieJar(res.headers.getSetCookie());
}

/** The Cookie header for a list of Set-Cookie lines: one pair per name, the last line of a name winning. */
export function cookieJar(setCookies: readonly string[], jar = ''): string {
  const pairs = new Map(jar.split('; ').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')), p] as const));
  for (const line of setCookies) {
    const pair = line.split(';')[0] as string;
    pairs.set(pair.slice(0, pair.indexOf('=')), pair);
  }
  return [...pairs.values()].join('; ');
}

/** Proves the cookie carries the session before load is put on it. */
async function assertReturningVisitor(base: string, cookie: string): Promise<void> {
  const res = await fetch(`${base}/read`, { headers: { ...PROXY_HEADERS, cookie } });
  const body = await res.text();
  if (res.status !== 200 || body !== '1') throw new Error(`/read with the /new cookie answered ${res.status} "${body.slice(0, 80)}", expected "1"`);
}

function snapshotOf(message: { type: string; data?: ServerSnapshot; message?: string }): ServerSnapshot {
  if (message.type !== 'snapshot' || !message.data) throw new Error(`server: ${message.message ?? message.type}`);
  return message.data;
}

function diffCalls(before: Record<string, number>, after: Record<string, number>, requests: number): Record<string, number> {
  const split: Record<string, number> = {};
  for (const [name, calls] of Object.entries(after)) {
    const delta = calls - (before[name] ?? 0);
    if (delta > 0) split[name] = delta / requests;
  }
  return split;
}

const PROBE_REQUESTS = 20;
/** Seconds of /new traffic before a /read or /write cell of a store-backed row: the sessions it leaves are held during the run. */
export const FILL_SECONDS = 1;
/** GC pauses between two totals (the window between snapshots), per request. */
export function gcWindow(start: GcTotals, end: GcTotals, requests: number): { perRequest: number; scavengeMs: number | null } {
  const minor = end.minor - start.minor;
  const pauseMs = end.minorMs - start.minorMs + (end.otherMs - start.otherMs);
  return { perRequest: (pauseMs * 1000) / requests, scavengeMs: minor > 0 ? (end.minorMs - start.minorMs) / minor : null };
}

const sum = (split: Record<string, number>) => Object.values(split).reduce((a, b) => a + b, 0);

/** Client→Redis commands per request over a short sequential probe watched by MONITOR. */
async function probeRedis(redisUrl: string, url: string, headers: Record<string, string>): Promise<Record<string, number>> {
  const counts = await monitorCommands(redisUrl, async () => {
    for (let i = 0; i < PROBE_REQUESTS; i++) await (await fetch(url, { headers })).text();
  });
  return Object.fromEntries(Object.entries(counts).map(([name, n]) => [name, n / PROBE_REQUESTS]));
}

/** Runs one cell; never throws (failures become an `error` result with the reason). */
export async function runCell(variant: VariantDef, scenario: Scenario, settings: CellSettings): Promise<CellResult> {
  const unique = `bench_${process.pid}_${++cellCounter}_${Date.now().toString(36)}`;
  const server = startServer(variant.id, { redisUrl: settings.redis.url, postgresUrl: settings.postgresUrl, mysqlUrl: settings.mysqlUrl, tmpDir: settings.tmpDir, unique });
  try {
    const first = await server.first;
    if (first.type === 'unavailable') return { status: 'n/a', reason: `not built yet (${first.reason})` };
    if (first.type !== 'ready') return { status: 'error', reason: first.type === 'error' ? first.message : first.type };
    const base = `http://127.0.0.1:${first.port}`;
    let cookie: string | undefined;
    if (scenario !== '/new' && variant.group !== 'baseline') {
      // A returning visitor among thousands of others, as on a live server: a store holding only
      // the warm-up's one session hid a MemoryStore read that grew with the sessions held (its LRU
      // bump, 2 µs at 1,000 and 30 µs at 10,000). Sealed cookies hold nothing server-side.
      if (variant.backend !== 'cookie') await runLoad({ url: `${base}/new`, connections: settings.connections, headers: { ...PROXY_HEADERS }, seconds: FILL_SECONDS });
      cookie = await obtainCookie(base);
      await assertReturningVisitor(base, cookie);
    }
    const load = { url: `${base}${scenario}`, connections: settings.connections, headers: cookie ? { ...PROXY_HEADERS, cookie } : { ...PROXY_HEADERS } };
    await runLoad({ ...load, seconds: settings.warmSeconds });
    const callsBefore = variant.backend === 'redis' ? await settings.redis.commandCalls() : {};
    const before = snapshotOf(await server.ask({ type: 'snapshot' }));
    const result = await runLoad({ ...load, seconds: settings.seconds });
    const after = snapshotOf(await server.ask({ type: 'snapshot' }));
    const callsAfter = variant.backend === 'redis' ? await settings.redis.commandCalls() : {};
    const probed = variant.backend === 'redis' ? await probeRedis(settings.redis.url, `${base}${scenario}`, load.headers) : null;
    await server.ask({ type: 'close' });

    const requests = after.requests - before.requests;
    if (requests <= 0) return { status: 'error', reason: 'no request reached the server' };
    if (result.non2xx > 0 || result.errors > 0) {
      const why = server.stderr().trim().split('\n').find((line) => /error/i.test(line)) ?? '';
      return { status: 'error', reason: `${result.non2xx} non-2xx, ${result.errors} errors out of ${result.total} ${why}`.trim() };
    }
    const storedDelta = after.stored !== null && before.stored !== null ? after.stored - before.stored : 0;
    const executed = variant.backend === 'redis' ? sum(diffCalls(callsBefore, callsAfter, requests)) : null;
    let roundTrips: { perRequest: number; split: Record<string, number> } | null = probed ? { perRequest: sum(probed), split: probed } : null;
    if (after.roundTrips !== null && before.roundTrips !== null) roundTrips = { perRequest: (after.roundTrips - before.roundTrips) / requests, split: {} };
    return {
      status: 'ok',
      load: result,
      cpuPerRequest: (after.cpuBeforeGc - before.cpuAfterGc) / requests,
      heapPerSession: scenario === '/new' && storedDelta > 0 ? (after.heapUsed - before.heapUsed) / storedDelta : null,
      roundTrips,
      executed,
      gc: gcWindow(before.gcAfter, after.gcBefore, requests),
    };
  } catch (error) {
    const why = server.stderr().trim().split('\n').find((line) => /error/i.test(line));
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'error', reason: why ? `${message} (${why})` : message };
  } finally {
    server.kill();
  }
}
