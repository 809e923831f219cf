/**
 * `npm run fuzz`: generated Cookie headers against `session()` and `cookieSession()` in-process
 * (security.md §6.2, issue 6). Prints the counters and the throughput; exits 1 when anything
 * escaped, reached next(err), hung, forged a session or left an unhandled rejection.
 *
 *   npm run fuzz                       # 1,000,000 headers, random seed
 *   npm run fuzz -- --count 50000 --seed 1234
 */
import { parseArgs } from 'node:util';
import { runFuzz } from './fuzz/run.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string' },
    concurrency: { type: 'string', default: '64' },
  },
});
const count = Number(values.count);
const seed = values.seed === undefined ? undefined : Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isSafeInteger(count) || count <= 0) throw new Error('--count must be a positive integer');
if (seed !== undefined && !Number.isSafeInteger(seed)) throw new Error('--seed must be an integer');
if (!Number.isSafeInteger(concurrency) || concurrency <= 0) throw new Error('--concurrency must be a positive integer');

const format = (n: number) => n.toLocaleString('en-US');
const startedAt = performance.now();
const stats = await runFuzz({
  count,
  seed,
  concurrency,
  progressEvery: 100_000,
  onProgress: (done, s) => {
    const rate = (done / (performance.now() - startedAt)) * 1000;
    process.stderr.write(`  ${format(done)} headers, ${format(Math.round(rate))}/s, problems so far: ${s.escaped + s.nextErrors + s.unended + s.forged}\n`);
  },
});

const seconds = stats.ms / 1000;
const rows: Array<[string, string]> = [
  ['seed', String(stats.seed)],
  ['headers generated', format(stats.headers)],
  ['middleware runs (both modes)', format(stats.runs)],
  ['  by kind', Object.entries(stats.byKind).map(([k, v]) => `${k} ${format(v)}`).join(', ')],
  ['sessions opened (server / cookie)', `${format(stats.accepted.server)} / ${format(stats.accepted.cookie)}`],
  ['exceptions escaped', format(stats.escaped)],
  ['errors passed to next()', format(stats.nextErrors)],
  ['responses that never ended', format(stats.unended)],
  ['forged sessions', format(stats.forged)],
  ['unhandled rejections', format(stats.unhandledRejections)],
  ['time', `${seconds.toFixed(1)} s`],
  ['throughput', `${format(Math.round(stats.headers / seconds))} headers/s (${format(Math.round(stats.runs / seconds))} runs/s)`],
];
const width = Math.max(...rows.map(([k]) => k.length));
console.log('satchel cookie fuzz');
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
for (const failure of stats.failures) console.log(`FAIL #${failure.index} [${failure.mode}] ${failure.problem}\n     header ${failure.header}`);
const bad = stats.escaped + stats.nextErrors + stats.unended + stats.forged + stats.unhandledRejections;
console.log(bad === 0 ? 'result: PASS (0 exceptions escaped)' : `result: FAIL (${bad} problems; rerun with --seed ${stats.seed})`);
process.exitCode = bad === 0 ? 0 : 1;
