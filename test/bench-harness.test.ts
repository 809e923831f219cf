/**
 * The bench harness' own pieces: every row's app answers the three routes as bench/README.md says
 * (so the numbers measure the right thing), the tables, and the argument parsing. No timing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { benchListener, PROXY_HEADERS } from '../bench/app.js';
import { parseBenchArgs } from '../bench/args.js';
import { parseCommandStats } from '../bench/redis-server.js';
import { parseMonitorLines } from '../bench/redis-monitor.js';
import { detailTable, summaryTable, type RunResults } from '../bench/table.js';
import { cookieJar, gcWindow, type CellResult, type Scenario } from '../bench/cell.js';
import { versusTable, type RoundResults } from '../bench/versus.js';
import { medianCell } from '../bench/median.js';
import { roundOrder } from '../bench/order.js';
import { baselineOf, variants } from '../bench/variants/index.js';
import { NotBuiltError, type VariantDef } from '../bench/variants/types.js';
import { MYSQL_URL, POSTGRES_URL, REDIS_URL, uniqueName } from './support/servers.js';

// The bench serves every row with NODE_ENV=production; satchel's defaults depend on it.
process.env.NODE_ENV = 'production';

const setCookies = (res: request.Response): string[] => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
/** The cookies of a response as a browser would send them back (the bench's own jar: the last Set-Cookie of a name wins). */
const cookiesOf = (res: request.Response): string => cookieJar(setCookies(res));
/** Merges a response's Set-Cookie into the cookie jar string (stateless sessions re-issue it). */
const merge = (jar: string, res: request.Response): string => cookieJar(setCookies(res), jar);

async function provesRoutes(variant: VariantDef, tmp: string): Promise<void> {
  const instance = await variant.create({ redisUrl: REDIS_URL, postgresUrl: POSTGRES_URL, mysqlUrl: MYSQL_URL, tmpDir: tmp, unique: uniqueName('bench_h') });
  try {
    const app = benchListener(instance);
    const created = await request(app).get('/new').set(PROXY_HEADERS);
    assert.equal(created.status, 200);
    assert.equal(created.text, '1');
    let jar = cookiesOf(created);
    assert.notEqual(jar, '', 'a new session sets a cookie');
    const read = await request(app).get('/read').set(PROXY_HEADERS).set('Cookie', jar);
    assert.equal(read.text, '1', 'a returning visitor sees n');
    const written = await request(app).get('/write').set(PROXY_HEADERS).set('Cookie', jar);
    assert.equal(written.text, '2');
    jar = merge(jar, written);
    assert.equal((await request(app).get('/read').set(PROXY_HEADERS).set('Cookie', jar)).text, '2', 'the write persisted');
    assert.equal((await request(app).get('/read').set(PROXY_HEADERS)).text, '0', 'no cookie, no session');
  } finally {
    await instance.close();
  }
}

describe('bench rows answer /new, /read, /write as bench/README.md says', () => {
  for (const variant of variants.filter((v) => v.group === 'peer')) {
    test(`${variant.id}: new sets n=1, read sees it, write increments it`, async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'bench-h-'));
      try {
        await provesRoutes(variant, tmp);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }

  for (const floor of variants.filter((v) => v.group === 'floor')) {
    test(`${floor.id}: answers the routes; its cookie is HttpOnly, Secure behind the proxy, and altered by one character carries no session`, async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'bench-h-'));
      try {
        await provesRoutes(floor, tmp);
        const instance = await floor.create({ redisUrl: REDIS_URL, postgresUrl: POSTGRES_URL, mysqlUrl: MYSQL_URL, tmpDir: tmp, unique: uniqueName('bench_f') });
        try {
          const app = benchListener(instance);
          const created = await request(app).get('/new').set(PROXY_HEADERS);
          assert.match(setCookies(created)[0] ?? '', /; HttpOnly; SameSite=Lax; Secure$/, 'the cookie flags a minimum with the same security properties keeps');
          const jar = cookiesOf(created);
          const i = jar.length - 2;
          const altered = jar.slice(0, i) + (jar[i] === 'A' ? 'B' : 'A') + jar.slice(i + 1);
          assert.equal((await request(app).get('/read').set(PROXY_HEADERS).set('Cookie', altered)).text, '0');
          if (instance.roundTrips) {
            // As the issue builds it: one read per request, one more statement per change.
            const before = instance.roundTrips();
            await request(app).get('/read').set(PROXY_HEADERS).set('Cookie', jar);
            assert.equal(instance.roundTrips() - before, 1, '/read: one round trip');
            await request(app).get('/write').set(PROXY_HEADERS).set('Cookie', jar);
            assert.equal(instance.roundTrips() - before, 3, '/write: a read and a write');
          }
        } finally {
          await instance.close();
        }
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }

  for (const bare of variants.filter((v) => v.group === 'baseline')) {
    test(`${bare.id}: the routes answer without sessions`, async () => {
      const instance = await bare.create({ redisUrl: REDIS_URL, postgresUrl: POSTGRES_URL, mysqlUrl: MYSQL_URL, tmpDir: tmpdir(), unique: 'x' });
      const app = benchListener(instance);
      assert.equal((await request(app).get('/new')).text, '1');
      assert.equal((await request(app).get('/read')).text, '0');
      assert.equal((await request(app).get('/write')).text, '1');
      await instance.close();
    });
  }

  for (const variant of variants.filter((v) => v.group === 'satchel')) {
    test(`${variant.id}: answers the routes, or reports "not built yet" (never another error)`, async () => {
      const tmp = await mkdtemp(join(tmpdir(), 'bench-h-'));
      try {
        await provesRoutes(variant, tmp);
      } catch (error) {
        if (!(error instanceof NotBuiltError)) throw error;
        assert.match(error.message, /not found in src|dist\/|run `npm run build`/);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    });
  }
});

describe('bench tables and options', () => {
  const ok = (rps: number, extra: Partial<Extract<CellResult, { status: 'ok' }>> = {}): CellResult => ({
    status: 'ok',
    load: { rps, total: rps * 10, non2xx: 0, errors: 0, timeouts: 0, p50: 3, p99: 9 },
    cpuPerRequest: 70,
    heapPerSession: null,
    roundTrips: null,
    executed: null,
    ...extra,
  });
  const rows = variants.filter((v) => v.id === 'bare' || v.id === 'express-session-redis' || v.id === 'satchel-sqlite');
  const results: RunResults = new Map([
    ['bare', new Map<Scenario, CellResult>([['/read', ok(10_000)]])],
    ['express-session-redis', new Map<Scenario, CellResult>([['/read', ok(6_500, { roundTrips: { perRequest: 2, split: { get: 1, expire: 1 } }, executed: 2, gc: { perRequest: 4.25, scavengeMs: 1.5 } })]])],
    ['satchel-sqlite', new Map<Scenario, CellResult>([['/read', { status: 'n/a', reason: 'not built yet' }]])],
  ]);

  test('summary: ratio to bare of the same scenario, n/a rows say so', () => {
    const table = summaryTable(rows, results, ['/read'], 'bare');
    assert.match(table, /\| bare Express 5 \(no sessions\) \| 1\.00 \(10,000\) · cpu 1\.00 \|/);
    assert.match(table, /connect-redis.*\| 0\.65 \(6,500\) · cpu 1\.00 \|/);
    assert.match(table, /SqliteStore.*\| n\/a \(not built yet\) \|/);
  });

  test('several frameworks: a heading per framework, each row against its own bare row', () => {
    const rows2 = variants.filter((v) => ['bare', 'fastify-bare', 'satchel-fastify-memory'].includes(v.id));
    const two: RunResults = new Map([
      ['bare', new Map<Scenario, CellResult>([['/read', ok(10_000)]])],
      ['fastify-bare', new Map<Scenario, CellResult>([['/read', ok(20_000)]])],
      ['satchel-fastify-memory', new Map<Scenario, CellResult>([['/read', ok(15_000)]])],
    ]);
    const table = summaryTable(rows2, two, ['/read'], baselineOf);
    assert.match(table, /\| \*\*Express 5\*\* \(÷ bare Express\) \|  \|/);
    assert.match(table, /\| \*\*Fastify 5\*\* \(÷ bare Fastify\) \|  \|\n\| bare Fastify 5 \(no sessions\) \| 1\.00 \(20,000\)/);
    assert.match(table, /satchel\/fastify session\(\).*\| 0\.75 \(15,000\) · cpu 1\.00 \|/);
    assert.doesNotMatch(summaryTable(rows, results, ['/read'], 'bare'), /\*\*/, 'one framework: no headings');
  });

  test('detail: latency, CPU, GC pauses and the Redis command split per request', () => {
    const table = detailTable(rows, results, ['/read'], 'bare');
    assert.match(table, /connect-redis.*\| \/read \| 6,500 \| 0\.65 \| 1\.00 \| 3 \| 9 \| 70\.0 \| 4\.3 \| 1\.50 \| — \| 2\.00 \(get 1\.00, expire 1\.00\); executed 2\.00 \|/);
    assert.match(table, /bare Express 5 \(no sessions\) \| \/read \| 10,000 \| 1\.00 \| 1\.00 \| 3 \| 9 \| 70\.0 \| — \| — \| — \| — \|/, 'a cell from before GC was counted shows dashes');
  });

  test('GC window: pauses between two snapshots per request, and the mean scavenge', () => {
    const start = { minor: 10, minorMs: 20, otherMs: 5 };
    assert.deepEqual(gcWindow(start, { minor: 14, minorMs: 28, otherMs: 7 }, 1_000), { perRequest: 10, scavengeMs: 2 });
    assert.deepEqual(gcWindow(start, { ...start, otherMs: 6 }, 500), { perRequest: 2, scavengeMs: null }, 'no scavenge in the window: no mean');
  });

  test('versus: satchel ÷ the floor and ÷ the fastest peer of its framework and backend, misses marked', () => {
    const ids = ['bare', 'floor-redis', 'express-session-redis', 'satchel-redis', 'express4-bare', 'express4-floor-redis', 'express4-express-session-redis', 'express4-satchel-redis', 'satchel-sqlite', 'express-session-sqlite'];
    const chosen = variants.filter((v) => ids.includes(v.id));
    const at = (rps: number) => new Map<Scenario, CellResult>([['/read', ok(rps)]]);
    const run: RunResults = new Map([
      ['floor-redis', at(10_000)],
      ['express-session-redis', at(6_000)],
      ['satchel-redis', at(9_500)],
      ['express4-floor-redis', at(12_000)],
      ['express4-express-session-redis', at(11_000)],
      ['express4-satchel-redis', at(10_000)],
      ['satchel-sqlite', at(8_000)],
      ['express-session-sqlite', at(4_000)],
    ]);
    const table = versusTable(chosen, run, ['/read']);
    assert.match(table, /\| \*\*Express 5\*\* \(÷ bare Express\) \|/);
    assert.match(table, /\| satchel session\(\) \+ RedisStore \(node-redis 5\) \| 0\.95 · cpu 1\.00 \| 1\.58 · cpu 1\.00 \(express-session \+ connect-redis\) \|/);
    assert.match(table, /\| \*\*Express 4\*\* \(÷ bare Express 4\) \|[^\n]*\n\| satchel session\(\) \+ RedisStore \(node-redis 5\) \| 0\.83 ✗ · cpu 1\.00 \| 0\.91 ✗ · cpu 1\.00 \(express-session \+ connect-redis\) \|/);
    assert.match(table, /SqliteStore[^|]*\| no floor \| 2\.00 · cpu 1\.00 \(express-session \+ better-sqlite3-session-store\) \|/);
    assert.doesNotMatch(table, /satchel session\(\) \+ MemoryStore/, 'a row not in the run has no line');
  });

  test('rounds: the rows of one framework and backend run back to back, scenario by scenario', () => {
    const ids = ['bare', 'floor-memory', 'express-session-memory', 'satchel-memory', 'floor-redis', 'satchel-redis'];
    const order = roundOrder(variants.filter((v) => ids.includes(v.id)), ['/new', '/read']).map(([v, s]) => `${v.id} ${s}`);
    assert.deepEqual(order, [
      'bare /new', 'bare /read',
      'floor-memory /new', 'express-session-memory /new', 'satchel-memory /new',
      'floor-memory /read', 'express-session-memory /read', 'satchel-memory /read',
      'floor-redis /new', 'satchel-redis /new', 'floor-redis /read', 'satchel-redis /read',
    ]);
  });

  test('versus with rounds: the median of each round\'s own ratio, and its range', () => {
    const chosen = variants.filter((v) => ['floor-memory', 'express-session-memory', 'satchel-memory'].includes(v.id));
    // Every row's speed moved between rounds; each median cell comes from another round (floor:
    // round 3's 8,000, satchel: round 1's 8,500), so their ratio (1.06) compares two different
    // moments. Within each round satchel reached 0.85, 0.90 and 1.125 of the floor: median 0.90.
    const cells = (...rps: number[]) => new Map<Scenario, CellResult[]>([['/read', rps.map((r) => ok(r))]]);
    const rounds: RoundResults = new Map([
      ['floor-memory', cells(10_000, 7_000, 8_000)],
      ['express-session-memory', cells(5_000, 3_500, 4_000)],
      ['satchel-memory', cells(8_500, 6_300, 9_000)],
    ]);
    const medians: RunResults = new Map([...rounds].map(([id, row]) => [id, new Map([['/read', medianCell(row.get('/read')!)!]])]));
    assert.match(versusTable(chosen, medians, ['/read']), /MemoryStore[^|]*\| 1\.06 · cpu 1\.00 \|/);
    const table = versusTable(chosen, medians, ['/read'], rounds);
    assert.match(table, /MemoryStore[^|]*\| 0\.90 \[0\.85–1\.13\] · cpu 1\.00 \| 1\.80 \[1\.70–2\.25\] · cpu 1\.00 \(express-session \+ MemoryStore\) \|/);
  });

  test('INFO commandstats parsing leaves out the INFO calls themselves', () => {
    const info = '# Commandstats\r\ncmdstat_get:calls=12,usec=30,usec_per_call=2.5\r\ncmdstat_info:calls=4,usec=1\r\ncmdstat_client|setinfo:calls=2,usec=1\r\n';
    assert.deepEqual(parseCommandStats(info), { get: 12, 'client|setinfo': 2 });
  });

  test('MONITOR parsing counts client commands, not the ones a Lua script runs', () => {
    const lines = '+OK\r\n+1700000000.000001 [0 127.0.0.1:5000] "evalsha" "abc" "1" "k"\r\n+1700000000.000002 [0 lua] "hset" "k" "n" "1"\r\n+1700000000.000003 [0 127.0.0.1:5000] "GET" "k"\r\n';
    assert.deepEqual(parseMonitorLines(lines), { evalsha: 1, get: 1 });
  });

  test('options: full mode by default, quick by flag or BENCH_QUICK=1, filters and report file', () => {
    assert.deepEqual(parseBenchArgs([], {}), { mode: 'full', micro: false, only: [], warmSeconds: 3, seconds: 10, connections: 50, rounds: 1, out: 'bench/results.md' });
    assert.equal(parseBenchArgs([], { BENCH_QUICK: '1' }).mode, 'quick');
    const quick = parseBenchArgs(['--quick', '--only', 'bare, satchel-memory'], {});
    assert.deepEqual([quick.warmSeconds, quick.seconds, quick.only, quick.out], [1, 2, ['bare', 'satchel-memory'], 'bench/results-dev.md']);
    assert.equal(parseBenchArgs(['--micro', '--quick'], {}).out, 'bench/results-micro.md');
    assert.throws(() => parseBenchArgs(['--seconds', '0'], {}), TypeError);
  });
});
