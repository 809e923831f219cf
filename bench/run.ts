/**
 * `npm run bench`: every variant × scenario, one fresh pinned server per cell, autocannon on
 * the other core; prints the table and writes it with the machine facts to a markdown file.
 * `npm run bench -- --micro` runs the micro benchmarks instead.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBenchArgs } from './args.js';
import { killChildren } from './children.js';
import { FILL_SECONDS, runCell, SCENARIOS, type CellResult, type Scenario } from './cell.js';
import { loadAverage, machineReport } from './machine.js';
import { runMicro } from './micro.js';
import { startBenchRedis } from './redis-server.js';
import { medianCell, spread } from './median.js';
import { roundOrder } from './order.js';
import { COLUMN_NOTES, detailTable, summaryTable, type RunResults } from './table.js';
import { baselineOf, variants } from './variants/index.js';
import { SERVERS } from './variants/shared.js';
import { versusTable, VERSUS_NOTES } from './versus.js';

const BASELINE = 'bare';
const { postgresUrl: POSTGRES_URL, mysqlUrl: MYSQL_URL } = SERVERS;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function main(): Promise<void> {
  let args;
  try {
    args = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  if (args.micro) {
    const table = await runMicro();
    await writeFile(args.out, ['# satchel micro benchmarks', '', `- Run: ${new Date().toISOString()}`, ...machineReport(), '', table, ''].join('\n'));
    console.log(`\nwritten to ${args.out}`);
    return;
  }

  const unknown = args.only.filter((id) => !variants.some((v) => v.id === id));
  if (unknown.length > 0) throw new Error(`unknown variant(s) ${unknown.join(', ')}; known: ${variants.map((v) => v.id).join(', ')}`);
  // Bare Express always, and the bare row of every other framework a chosen row runs on (its ratio base).
  const bases = new Set([BASELINE, ...variants.filter((v) => args.only.includes(v.id)).map(baselineOf)]);
  const chosen = variants.filter((v) => args.only.length === 0 || bases.has(v.id) || args.only.includes(v.id));
  const perCell = args.warmSeconds + args.seconds + 2;
  const minutes = Math.ceil((args.rounds * chosen.length * SCENARIOS.length * perCell) / 60);
  console.log(`bench: ${args.mode} mode, ${chosen.length} variants × ${SCENARIOS.length} scenarios × ${args.rounds} round(s), ~${minutes} min`);

  const tmpDir = await mkdtemp(join(tmpdir(), 'satchel-bench-'));
  const redis = await startBenchRedis(REDIS_URL);
  const interrupted = () => {
    killChildren();
    void redis.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const rounds = new Map<string, Map<Scenario, CellResult[]>>();
  const started = new Date();
  const loadBefore = loadAverage();
  try {
    for (let round = 1; round <= args.rounds; round++) {
      for (const [variant, scenario] of roundOrder(chosen, SCENARIOS)) {
        const row = rounds.get(variant.id) ?? new Map<Scenario, CellResult[]>();
        rounds.set(variant.id, row);
        if (row.get(SCENARIOS[0])?.[0]?.status === 'n/a') continue; // not built: every scenario and round says the same
        const cell = await runCell(variant, scenario, { ...args, redis, postgresUrl: POSTGRES_URL, mysqlUrl: MYSQL_URL, tmpDir });
        row.set(scenario, [...(row.get(scenario) ?? []), cell]);
        const text = cell.status === 'ok' ? `${Math.round(cell.load.rps)} req/s` : `${cell.status}: ${cell.reason.split('\n')[0]}`;
        console.log(`  [${round}/${args.rounds}] ${variant.id.padEnd(30)} ${scenario.padEnd(7)} ${text}`);
      }
    }
  } finally {
    await redis.stop();
    await rm(tmpDir, { recursive: true, force: true });
  }

  const results: RunResults = new Map();
  const spreads: string[] = [];
  for (const [id, row] of rounds) {
    results.set(id, new Map([...row].flatMap(([scenario, cells]) => {
      const s = spread(cells);
      if (s !== null) spreads.push(`${id} ${scenario} ${(s * 100).toFixed(0)}%`);
      const median = medianCell(cells);
      return median ? [[scenario, median] as const] : [];
    })));
  }
  const summary = summaryTable(chosen, results, SCENARIOS, baselineOf);
  const detail = detailTable(chosen, results, SCENARIOS, baselineOf);
  const versus = versusTable(chosen, results, SCENARIOS, rounds);
  const report = [
    '# satchel benchmark results',
    '',
    `- Command: \`npm run bench -- ${process.argv.slice(2).join(' ')}\``,
    `- Run: ${started.toISOString()}, **${args.mode} mode** (${args.warmSeconds} s warm-up + ${args.seconds} s measured per cell, ${args.connections} connections, ${args.rounds} round(s); with several rounds each cell shows its median round)`,
    ...machineReport(),
    `- Machine load (1-min load average): ${loadBefore} at start (right after the build that npm run bench runs first), ${loadAverage()} at end (the bench itself keeps both pinned cores busy, so ~2 on a 2-core machine is its own load); other work shows as spread between rounds (below) rather than in these numbers.`,
    `- Method: a fresh server per cell (\`taskset -c 0\`, \`NODE_ENV=production\`, \`--expose-gc\`), autocannon in its own process (\`taskset -c 1\`); Redis: ${redis.private ? 'a private redis-server started for the run (unpinned)' : `the shared server at ${REDIS_URL} (command counts include other clients)`}; PostgreSQL: ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//')}; MySQL/MariaDB: ${MYSQL_URL.replace(/\/\/[^@]*@/, '//')}.`,
    '- Every request carries `X-Forwarded-Proto: https` and the app trusts loopback proxies (Express `trust proxy: loopback`, Fastify `trustProxy: \'loopback\'`, Koa `proxy: true`, satchel/hono `proxy: true`), as behind a TLS-terminating proxy: satchel refuses plain-HTTP cookies under NODE_ENV=production; the peers keep `secure: false` as bench/README.md says.',
    `- /read and /write: before the load, a store-backed row first serves ${FILL_SECONDS} s of /new traffic (the thousands of sessions it leaves stay held during the run, as other visitors' sessions are on a live server); the runner then requests /new once, keeps every cookie it set and checks that /read with them answers 1; all 50 connections then send that one cookie (one shared session per cell). /new sends no cookie.`,
    '',
    '## Throughput ÷ the bare row of the same framework (req/s in brackets)',
    '',
    summary,
    '',
    '## satchel ÷ floor and ÷ best peer of its mode',
    '',
    versus,
    '',
    VERSUS_NOTES,
    '',
    '## All measurements',
    '',
    detail,
    '',
    COLUMN_NOTES,
    '',
    ...(spreads.length > 0 ? [`Spread between rounds (max ÷ min − 1 of req/s): ${spreads.join(', ')}.`, ''] : []),
  ].join('\n');
  console.log(`\n${summary}\n\n${versus}\n\n${detail}\n\n${COLUMN_NOTES}`);
  await writeFile(args.out, report);
  await writeFile(args.out.replace(/\.md$/, '.json'), `${JSON.stringify({ started, args, rounds: Object.fromEntries([...rounds].map(([id, row]) => [id, Object.fromEntries(row)])) }, null, 1)}\n`);
  console.log(`\nwritten to ${args.out}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
