import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runMultiprocess } from '../../scripts/lib/multiprocess.js';

// `npm run multiprocess` is the 1,000-request run with a printed table; this is its slice.
test('issue 6 many processes: 4 cluster workers on one Redis and one PostgreSQL table — sessions follow users, concurrent writes lose nothing', { timeout: 120_000 }, async () => {
  const reports = await runMultiprocess({ workers: 4, users: 8, writesPerUser: 4, concurrent: 100 });
  assert.equal(reports.length, 2);
  for (const r of reports) {
    assert.equal(r.workersSeen, 4, `${r.label}: every worker answered`);
    assert.equal(r.usersFollowed, r.users, `${r.label}: sessions followed their users`);
    assert.equal(r.followLost, 0);
    assert.deepEqual(r.failures, {}, `${r.label}: concurrent requests failed`);
    assert.equal(r.concurrentAcknowledged, 100);
    assert.equal(r.concurrentLost, 0, `${r.label}: concurrent writes lost`);
  }
});
