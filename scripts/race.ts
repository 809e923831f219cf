/**
 * `npm run race` — 1,000 concurrent requests on one session, each setting its own key, against
 * every satchel store and express-session's MemoryStore, connect-redis and connect-pg-simple.
 * Prints keys lost per store; exits 1 if any satchel store lost a key or failed a request.
 *   node --import tsx scripts/race.ts [requests]
 */
import { runRace, type RaceResult } from './race/run.js';
import { printTable } from './lib/table.js';
import { allTargets } from './lib/targets.js';

const requests = Number(process.argv[2] ?? 1000);
const results: RaceResult[] = [];
for (const target of allTargets()) {
  process.stdout.write(`racing ${target.label}… `);
  const result = await runRace(target, requests);
  console.log(`lost ${result.lost}`);
  results.push(result);
}
printTable(
  `Lost updates: ${requests} concurrent requests on one session, each setting its own key (0-20 ms random delay)`,
  ['store', 'requests', 'acknowledged', 'failed', 'keys lost'],
  results.map((r) => [r.label, r.requests, r.acknowledged, r.failed + (r.failed ? ` (${Object.entries(r.failures).map(([k, v]) => `${k}: ${v}`).join(', ')})` : ''), r.lost]),
);
const bad = results.filter((r) => r.label.startsWith('satchel') && (r.lost > 0 || r.failed > 0));
if (bad.length > 0) {
  console.error(`\nFAIL: satchel lost keys or failed requests on ${bad.map((r) => r.label).join(', ')}`);
  process.exit(1);
}
console.log('\nsatchel: 0 keys lost on every store.');
process.exit(0);
