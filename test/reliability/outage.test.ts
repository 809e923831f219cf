import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BACKEND_LABEL } from '../../scripts/lib/backends.js';
import { OUTAGE_BACKENDS, STALL_BACKENDS, runOutage, type OutageKind } from '../../scripts/lib/outage.js';

// `npm run outage` is the long run with a printed report; this is a short outage per store.
// The margin is wide because test files share two busy CPUs; a hang is unbounded, so it still shows.
// The deadline too: with nine runs and other test files on two cores, event-loop lag alone passed
// 500 ms and failed requests before the cut (seen in CI rehearsals); the cut must outlast it.
const plan = { operationTimeout: 1500, users: 8, pace: 20, warmup: 300, down: 2500, after: 300, marginMs: 3000 };

// The runs are independent (own proxy, store, app, port) and mostly wait, so they run side by side.
describe('backend outage under load: typed errors in time, no hang, no crash, automatic recovery', { concurrency: true }, () => {
  const runs: Array<[OutageKind, string]> = [
    ...OUTAGE_BACKENDS.map((kind): [OutageKind, string] => [kind, `${BACKEND_LABEL[kind]} ${kind === 'sqlite' ? 'file turned read-only' : 'connections refused'}`]),
    ...STALL_BACKENDS.map((kind): [OutageKind, string] => [kind, `${BACKEND_LABEL[kind.replace('-stall', '') as keyof typeof BACKEND_LABEL]} network silent`]),
  ];
  for (const [kind, label] of runs) {
    test(`stores §12.6 (backend down): ${label}: store errors within the timeout, recovers by itself`, { timeout: 90_000 }, async () => {
      const r = await runOutage(kind, plan);
      assert.ok(r.before.served > 0 && r.before.failed === 0, `load was healthy before the cut: ${JSON.stringify(r.before)}`);
      assert.ok(r.during.failed > 0, 'the cut was felt');
      for (const code of Object.keys(r.during.codes)) {
        assert.ok(['ok', 'ERR_SESSION_STORE', 'ERR_SESSION_STORE_TIMEOUT'].includes(code), `unexpected outcome ${code}`);
      }
      assert.equal(r.during.hung + r.after.hung, 0);
      assert.ok(r.maxMs <= r.boundMs, `slowest answer ${Math.round(r.maxMs)} ms is past 2 × operationTimeout + margin`);
      assert.equal(r.unhandledRejections, 0);
      assert.equal(r.uncaughtExceptions, 0);
      assert.notEqual(r.recoveryMs, null, 'requests never succeeded again after the restore');
      assert.equal(r.failedAfterRecovery, 0);
      assert.equal(r.acknowledgedLost, 0);
    });
  }
});
