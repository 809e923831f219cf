/**
 * The fuzz loop behind `npm run fuzz` and `test/security/fuzz-slice.test.ts`: every generated
 * Cookie header goes through `session()` (MemoryStore) and `cookieSession()`, alternating plain
 * localhost HTTP and HTTPS, and each outcome is checked: nothing thrown, nothing passed to
 * `next(err)`, the response ends, and a session that opens is exactly the one the server issued.
 */
import { randomBytes } from 'node:crypto';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { session } from '../../src/adapters/express/middleware.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { CookieFuzzer, type FuzzKind, type FuzzTarget } from './generator.js';
import { drive, type AnyMiddleware, type DriveOutcome, type FakeTransport } from './harness.js';

/** What a run found. `escaped`, `nextErrors`, `unended`, `forged` and `unhandledRejections` must all be 0. */
export interface FuzzStats {
  seed: number;
  headers: number;
  /** Middleware runs (each header runs through both modes). */
  runs: number;
  escaped: number;
  nextErrors: number;
  unended: number;
  /** Sessions that opened with data the server never issued. */
  forged: number;
  unhandledRejections: number;
  /** Headers whose session opened (the server's own cookie survived the mutation or noise). */
  accepted: { server: number; cookie: number };
  byKind: Record<FuzzKind, number>;
  /** First few failures, for reproduction. */
  failures: Array<{ index: number; mode: string; header: string; problem: string }>;
  ms: number;
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  count: number;
  seed?: number;
  /** Requests in flight at once. @default 64 */
  concurrency?: number;
  /** Called every `progressEvery` headers. */
  onProgress?: (done: number, stats: FuzzStats) => void;
  progressEvery?: number;
}

const ISSUED = { user: 'fuzz', roles: ['reader'] };

interface Mode {
  label: 'server' | 'cookie';
  middleware: AnyMiddleware;
}

function userData(data: Record<string, unknown> | null, mode: Mode['label']): Record<string, unknown> {
  if (!data) return {};
  if (mode === 'cookie') return data;
  const { cookie: _cookie, ...rest } = data;
  return rest;
}

async function issue(middleware: AnyMiddleware, name: string, transport: FakeTransport): Promise<FuzzTarget> {
  const out = await drive(middleware, undefined, (s) => Object.assign(s, ISSUED), transport);
  const line = out.setCookies.find((c) => c.startsWith(`${name}=`));
  if (!line) throw new Error(`could not issue a ${name} cookie: ${JSON.stringify(out.setCookies)}`);
  return { name, value: line.slice(name.length + 1, line.indexOf(';')) };
}

/** Builds both middlewares and the cookies they issue. */
async function setup(): Promise<{ modes: Mode[]; targets: FuzzTarget[] }> {
  const store = new MemoryStore({ max: 200_000, sweepInterval: 0 });
  const server = session({ secret: randomBytes(32).toString('base64url'), store }) as unknown as AnyMiddleware;
  const cookie = cookieSession({ keys: [randomBytes(32).toString('base64url')] }) as unknown as AnyMiddleware;
  const targets = [
    await issue(server, 'sid', {}),
    await issue(server, '__Host-sid', { secure: true }),
    await issue(cookie, 'session', {}),
    await issue(cookie, '__Host-session', { secure: true }),
  ];
  return { modes: [{ label: 'server', middleware: server }, { label: 'cookie', middleware: cookie }], targets };
}

function check(out: DriveOutcome, mode: Mode['label'], stats: FuzzStats): string | null {
  if (out.thrown !== undefined) {
    stats.escaped++;
    return `threw ${String(out.thrown)}`;
  }
  if (out.nextErrors.length > 0) {
    stats.nextErrors++;
    return `next(err): ${String(out.nextErrors[0])}`;
  }
  if (!out.ended) {
    stats.unended++;
    return 'response did not end';
  }
  const data = userData(out.data, mode);
  if (Object.keys(data).length === 0 || (Object.keys(data).length === 1 && data.w === 1)) return null;
  if (JSON.stringify(data) !== JSON.stringify(ISSUED)) {
    stats.forged++;
    return `opened a session the server never issued: ${JSON.stringify(data).slice(0, 200)}`;
  }
  stats.accepted[mode]++;
  return null;
}

/**
 * Runs `count` generated headers through both middlewares. Never throws for what it finds:
 * the caller reads the counters.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzStats> {
  const seed = options.seed ?? (randomBytes(4).readUInt32BE() >>> 1);
  const concurrency = options.concurrency ?? 64;
  const { modes, targets } = await setup();
  const fuzzer = new CookieFuzzer(seed, targets);
  const stats: FuzzStats = {
    seed,
    headers: 0,
    runs: 0,
    escaped: 0,
    nextErrors: 0,
    unended: 0,
    forged: 0,
    unhandledRejections: 0,
    accepted: { server: 0, cookie: 0 },
    byKind: fuzzer.counts,
    failures: [],
    ms: 0,
  };
  const onRejection = () => void stats.unhandledRejections++;
  process.on('unhandledRejection', onRejection);
  const started = performance.now();
  try {
    let index = 0;
    while (index < options.count) {
      const batch: Array<Promise<void>> = [];
      for (let i = 0; i < concurrency && index < options.count; i++, index++) {
        const caseIndex = index;
        const { header } = fuzzer.next();
        const transport: FakeTransport = caseIndex % 2 === 0 ? {} : { secure: true };
        // Anonymous sessions are sometimes written to, so the create path and Set-Cookie run too.
        const write = caseIndex % 16 === 0;
        for (const mode of modes) {
          stats.runs++;
          batch.push(
            drive(mode.middleware, header, (s) => {
              if (write && Object.keys(userData(JSON.parse(JSON.stringify(s)) as Record<string, unknown>, mode.label)).length === 0) s.w = 1;
            }, transport).then((out) => {
              const problem = check(out, mode.label, stats);
              if (problem && stats.failures.length < 20) {
                stats.failures.push({ index: caseIndex, mode: mode.label, header: JSON.stringify(header)?.slice(0, 300) ?? 'undefined', problem });
              }
            }),
          );
        }
      }
      await Promise.all(batch);
      stats.headers = index;
      if (options.onProgress && options.progressEvery && index % options.progressEvery < concurrency) options.onProgress(index, stats);
    }
    // Let any stray promise settle before the rejection counter is read.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onRejection);
    stats.ms = performance.now() - started;
  }
  return stats;
}
