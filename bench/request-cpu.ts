/**
 * CPU time per request in one process, without sockets or load generator: each row's app (the
 * bench's Express app, or a Fastify/Koa/Hono row's own listener) is driven by light-my-request (a
 * real IncomingMessage/ServerResponse pair on a fake socket), one request at a time, rows
 * interleaved round by round. It leaves out what every row pays alike (the
 * kernel, the HTTP parser) and what a loaded machine adds to wall-clock figures, so it is the
 * steadier way to compare a row with its floor while working; `npm run bench` stays the measure.
 *
 *   node --import tsx bench/request-cpu.ts satchel-memory,express-session-memory [requests] [rounds] [/read,/write]
 *   node --cpu-prof --cpu-prof-dir /tmp --import tsx bench/request-cpu.ts satchel-memory 20000 1 /write, then bench/profile-report.ts on it
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector';
import inject from 'light-my-request';
import { printAllocations } from './profile-report.js';
import { buildBenchApp, PROXY_HEADERS, ROUTES } from './app.js';
import { findVariant } from './variants/index.js';
import { SERVERS } from './variants/shared.js';
import type { ExpressInstance, VariantInstance } from './variants/types.js';

const [ids = 'bare,satchel-memory', requestsArg = '20000', roundsArg = '5', only = ''] = process.argv.slice(2);
const paths = only ? ROUTES.filter((p) => only.split(',').includes(p)) : ROUTES;
const requests = Number(requestsArg);
const dir = mkdtempSync(join(tmpdir(), 'satchel-request-cpu-'));
const context = { ...SERVERS, tmpDir: dir, unique: `cpu_${process.pid}` };
process.env.NODE_ENV = 'production';

type Dispatch = Parameters<typeof inject>[0];
interface Row {
  id: string;
  instance: VariantInstance;
  dispatch: Dispatch;
  cookie: string;
  micros: Record<string, number[]>;
}

async function request(row: Row, path: string, withCookie: boolean): Promise<string[]> {
  const headers: Record<string, string> = { ...PROXY_HEADERS, ...(withCookie ? { cookie: row.cookie } : {}) };
  const response = await inject(row.dispatch, { method: 'GET', url: path, headers });
  if (response.statusCode !== 200) throw new Error(`${row.id} ${path}: ${response.statusCode} ${response.body}`);
  const lines = response.headers['set-cookie'];
  return lines === undefined ? [] : Array.isArray(lines) ? lines : [lines];
}

const rows: Row[] = [];
for (const id of ids.split(',')) {
  const instance = await findVariant(id).create(context);
  // Fastify, Koa and Hono rows bring their own app as a node listener; Express rows get the bench app.
  let dispatch: Dispatch;
  if ('listener' in instance) dispatch = instance.listener as unknown as Dispatch;
  else {
    const app = buildBenchApp(instance as ExpressInstance);
    app.set('trust proxy', 'loopback');
    dispatch = app as unknown as Dispatch;
  }
  const row: Row = { id, instance, dispatch, cookie: '', micros: {} };
  row.cookie = (await request(row, '/new', false)).map((line) => line.split(';')[0]).join('; ');
  rows.push(row);
}

// ALLOC_PROFILE=1: bytes allocated per request by function (sampled, objects that died young included);
// ALLOC_PROFILE=old: only what outlived a young-generation collection (promoted, then kept or collected later).
const inspector = process.env.ALLOC_PROFILE ? new Session() : null;
const post = (method: string, params?: object) => new Promise<any>((resolve, reject) => inspector!.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
if (inspector) {
  inspector.connect();
  await post('HeapProfiler.startSampling', { samplingInterval: 256, includeObjectsCollectedByMinorGC: process.env.ALLOC_PROFILE !== 'old', includeObjectsCollectedByMajorGC: true });
}

for (let round = 0; round < Number(roundsArg); round++) {
  for (const row of rows) {
    for (const path of paths) {
      const start = process.cpuUsage();
      for (let i = 0; i < requests; i++) {
        await request(row, path, path !== '/new');
        // light-my-request finishes each response in a setImmediate; a loop that only awaits never
        // reaches the check phase, so every request stayed reachable until the round ended (~10 KB
        // each: 1.4 GB after 120,000 requests, and GC time that grew with the round).
        if ((i & 63) === 63) await new Promise<void>((resolve) => setImmediate(resolve));
      }
      const used = process.cpuUsage(start);
      (row.micros[path] ??= []).push((used.user + used.system) / requests);
    }
  }
}

if (inspector) {
  const { profile } = await post('HeapProfiler.stopSampling');
  const total = rows.length * paths.length * requests * Number(roundsArg);
  printAllocations(profile, total);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
console.log(`CPU µs per request (median of ${roundsArg} rounds × ${requests} requests; light-my-request, no sockets)\n`);
console.log(`| row | ${ROUTES.join(' | ')} |\n|---|${ROUTES.map(() => '---:').join('|')}|`);
for (const row of rows) console.log(`| ${row.id} | ${ROUTES.map((p) => median(row.micros[p] ?? []).toFixed(1)).join(' | ')} |`);
for (const row of rows) await row.instance.close();
rmSync(dir, { recursive: true, force: true });
