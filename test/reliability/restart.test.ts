import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESTART_BACKENDS, runRestart } from '../../scripts/lib/restart.js';

// `npm run restart` is the longer run with a printed table; this is a short kill. One app
// process serves every store (one port each), so one kill and one restart cover them all.
test('issue 6 restart: app SIGKILLed under load and restarted keeps every acknowledged session and write (SQLite, Redis ×2, PostgreSQL, MariaDB)', { timeout: 120_000 }, async () => {
  const reports = await runRestart(RESTART_BACKENDS, { users: 8, loadMs: 500, minWrites: 20 });
  for (const r of reports) {
    assert.ok(r.sessionsAcknowledged > 0 && r.keysAcknowledged > 0, `${r.label}: load ran before the kill`);
    assert.equal(r.sessionsLost, 0, `${r.label}: sessions lost`);
    assert.equal(r.keysLost, 0, `${r.label}: writes lost`);
  }
});
