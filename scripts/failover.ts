/**
 * `npm run failover` — Redis Cluster (3 masters + 3 replicas, private ports 7301-7306) with
 * satchel's RedisStore on a cluster client; one master is SIGKILLed under load. Prints, for the
 * failed shard and for the others: requests failed during the failover, recovery without a
 * client restart, and acknowledged writes lost (asynchronous replication). A measurement: it
 * exits 1 only if the other shards lost data or the client never recovered.
 *   node --import tsx scripts/failover.ts [users] [basePort]
 */
import { DEFAULT_FAILOVER_PLAN, runFailover, type ClusterFlavour, type FailoverReport } from './lib/failover.js';
import { stopCluster } from './lib/redis-cluster-ctl.js';
import { printTable } from './lib/table.js';

const plan = { ...DEFAULT_FAILOVER_PLAN, users: Number(process.argv[2] ?? DEFAULT_FAILOVER_PLAN.users), basePort: Number(process.argv[3] ?? DEFAULT_FAILOVER_PLAN.basePort) };
const flavours: ClusterFlavour[] = ['ioredis 5', 'node-redis 5'];
const reports: FailoverReport[] = [];
try {
  for (const flavour of flavours) {
    process.stdout.write(`failover with ${flavour}… `);
    const report = await runFailover(flavour, plan);
    console.log(`master :${report.killedPort} killed, replica :${report.promotedPort ?? '?'} promoted after ${report.promotedMs === null ? 'never' : `${Math.round(report.promotedMs)} ms`}`);
    reports.push(report);
  }
} finally {
  await stopCluster(plan.basePort);
}
const ms = (value: number | null) => (value === null ? 'never' : `${Math.round(value)} ms`);
printTable(
  `Redis Cluster failover: ${plan.users} users writing continuously (pace ${plan.pace} ms), one master SIGKILLed; operationTimeout ${plan.operationTimeout} ms, cluster-node-timeout 2000 ms`,
  ['client / side', 'sessions', 'writes acked', 'failed in failover', 'served in failover', 'all users ok again after', 'failed after window', 'sessions lost', 'acked writes lost', 'unreadable at end', 'slowest after kill'],
  reports.flatMap((r) =>
    (['failed', 'others'] as const).map((which) => {
      const s = r[which];
      return [
        `${r.flavour} — ${which === 'failed' ? `failed shard :${r.killedPort}` : 'other shards'}`,
        s.sessions,
        s.acknowledged,
        s.failedDuringFailover,
        s.servedDuringFailover,
        ms(s.recoveredMs),
        s.failedAfterRecovery,
        s.sessionsLost,
        s.writesLost,
        s.unreadable,
        `${Math.round(s.slowestMs)} ms`,
      ];
    }),
  ),
);
for (const r of reports) {
  console.log(`${r.flavour}: errors answered after the kill: ${JSON.stringify(r.errorCodes)}; replica promoted after ${ms(r.promotedMs)}`);
  if (r.lastError) console.log(`${r.flavour}: reading sessions back at the end: ${r.failed.unreadable + r.others.unreadable} unreadable, e.g. ${r.lastError}`);
}
const bad = reports.filter((r) => r.others.writesLost > 0 || r.others.sessionsLost > 0 || r.failed.recoveredMs === null || r.failed.failedAfterRecovery + r.others.failedAfterRecovery > 0);
if (bad.length > 0) {
  console.error(`\nFAIL: ${bad.map((r) => r.flavour).join(', ')}: other shards lost data or the client did not recover`);
  process.exit(1);
}
process.exit(0);
