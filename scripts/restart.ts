/**
 * `npm run restart` — one app process serving satchel over each store (SQLite file, Redis via
 * node-redis and ioredis, PostgreSQL, MariaDB; one port each) is SIGKILLed under load and
 * started again; prints sessions and writes acknowledged before the kill and how many are
 * missing after the restart (must be 0). Repeats the kill `rounds` times.
 *   node --import tsx scripts/restart.ts [users-per-store] [loadMs] [rounds]
 */
import { RESTART_BACKENDS, runRestart, type RestartReport } from './lib/restart.js';
import { printTable } from './lib/table.js';

const plan = { users: Number(process.argv[2] ?? 10), loadMs: Number(process.argv[3] ?? 5000) };
const rounds = Number(process.argv[4] ?? 3);
const totals = new Map<string, RestartReport>();
for (let round = 1; round <= rounds; round++) {
  process.stdout.write(`round ${round}: kill -9 after ${plan.loadMs} ms of load… `);
  const reports = await runRestart(RESTART_BACKENDS, plan);
  console.log(`${reports.reduce((sum, r) => sum + r.sessionsLost + r.keysLost, 0)} acknowledged sessions/writes lost`);
  for (const r of reports) {
    const total = totals.get(r.label);
    if (!total) totals.set(r.label, { ...r });
    else for (const field of ['sessionsAcknowledged', 'sessionsLost', 'keysAcknowledged', 'keysLost', 'inFlightAtKill'] as const) total[field] += r[field];
  }
}
const rows = [...totals.values()];
printTable(
  `App process killed with SIGKILL after ${plan.loadMs} ms of load (${plan.users} concurrent users per store), restarted; ${rounds} rounds summed`,
  ['store', 'sessions acked', 'sessions lost', 'writes acked', 'writes lost', 'requests cut by the kill'],
  rows.map((r) => [r.label, r.sessionsAcknowledged, r.sessionsLost, r.keysAcknowledged, r.keysLost, r.inFlightAtKill]),
);
const bad = rows.filter((r) => r.sessionsLost > 0 || r.keysLost > 0);
if (bad.length > 0) {
  console.error(`\nFAIL: acknowledged sessions lost on ${bad.map((r) => r.label).join(', ')}`);
  process.exit(1);
}
console.log('\nEvery session and write acknowledged before the kill survived the restart.');
process.exit(0);
