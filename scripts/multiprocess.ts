/**
 * `npm run multiprocess` — 4 `node:cluster` workers sharing one Redis and, separately, one
 * PostgreSQL table; requests go to the workers round-robin. Prints whether sessions follow
 * their users across workers and how many concurrent cross-worker writes were lost (must be 0).
 *   node --import tsx scripts/multiprocess.ts [workers] [concurrent]
 */
import { runMultiprocess } from './lib/multiprocess.js';
import { printTable } from './lib/table.js';

const plan = { workers: Number(process.argv[2] ?? 4), users: 50, writesPerUser: 8, concurrent: Number(process.argv[3] ?? 1000) };
const reports = await runMultiprocess(plan);
printTable(
  `${plan.workers} node:cluster workers, requests round-robin; ${plan.users} users × ${plan.writesPerUser} writes each on the next worker; ${plan.concurrent} concurrent writes on one session`,
  ['shared store', 'workers answering', 'users followed', 'keys lost (following)', 'concurrent acked', 'concurrent lost'],
  reports.map((r) => [r.label, `${r.workersSeen}/${r.workers}`, `${r.usersFollowed}/${r.users}`, r.followLost, `${r.concurrentAcknowledged}/${r.concurrent}`, r.concurrentLost]),
);
for (const r of reports) if (Object.keys(r.failures).length > 0) console.log(`${r.label}: failed requests ${JSON.stringify(r.failures)}`);
const bad = reports.filter((r) => r.workersSeen !== r.workers || r.usersFollowed !== r.users || r.followLost > 0 || r.concurrentLost > 0 || r.concurrentAcknowledged !== r.concurrent);
if (bad.length > 0) {
  console.error(`\nFAIL: ${bad.map((r) => r.label).join(', ')}`);
  process.exit(1);
}
console.log('\nSessions follow users across every worker; no concurrent write lost.');
process.exit(0);
