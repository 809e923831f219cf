import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hashStoreKey } from '../../src/crypto/ids.js';
import { buildApp, listen } from '../../scripts/lib/app.js';
import { ALL_BACKENDS, BACKEND_LABEL } from '../../scripts/lib/backends.js';
import { Gates } from '../../scripts/lib/gate.js';
import { Browser, send } from '../../scripts/lib/http.js';
import { expressSessionMemory, satchelTarget, type Target } from '../../scripts/lib/targets.js';

/** The store key of the session a `sid=s%3A<id>.<sig>` cookie names. */
function storeKeyOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return hashStoreKey(value.slice(2, value.lastIndexOf('.')));
}

/**
 * A slow request loads the session and is held before it writes; `end` (logout or regenerate)
 * runs in another request; then the slow one finishes. Returns what each side saw.
 */
async function lateWriteAfter(target: Target, end: '/logout' | '/regenerate') {
  const gates = new Gates();
  const opened = await target.open();
  const server = await listen(buildApp(opened.middleware, { gate: gates.gate }));
  try {
    const user = new Browser(target.cookieName);
    assert.equal((await user.request(server.url, 'POST', '/init')).status, 200);
    const oldCookie = user.cookie!;
    gates.hold('late');
    const slow = send(server.url, 'POST', '/set/late?delay=0', oldCookie, target.cookieName);
    await gates.arrived('late');
    const ended = await user.request(server.url, 'POST', end);
    assert.equal(ended.status, 200);
    gates.release('late');
    const late = await slow;
    const oldView = await send(server.url, 'GET', '/keys', oldCookie, target.cookieName);
    const newView = user.cookie ? await send(server.url, 'GET', '/keys', user.cookie, target.cookieName) : undefined;
    const store = opened.backend?.store;
    const oldRecord = store ? await store.get(storeKeyOf(oldCookie)) : undefined;
    const records = store ? await store.length!() : undefined;
    return { late, oldView, newView, newCookie: user.cookie, oldCookie, oldRecord, records };
  } finally {
    await server.close();
    await opened.close();
  }
}

describe('resurrection: a request in flight cannot bring back a session ended meanwhile', () => {
  for (const kind of ALL_BACKENDS) {
    test(`T12 (TM-03, STO-01): ${BACKEND_LABEL[kind]}: a late write after logout does not resurrect`, { timeout: 30_000 }, async () => {
      const r = await lateWriteAfter(satchelTarget(kind), '/logout');
      // The late save is refused (update-only), not silently dropped: the app sees a conflict.
      assert.equal(r.late.status, 500);
      assert.equal(r.late.body.code, 'ERR_SESSION_CONFLICT');
      assert.equal(r.newCookie, undefined, 'logout cleared the cookie');
      assert.deepEqual(r.oldView.body.keys, [], 'the old cookie gives a fresh, empty session');
      assert.equal(r.oldView.cookie, '', 'the dead cookie is cleared again');
      assert.equal(r.oldRecord, null);
      assert.equal(r.records, 0);
    });

    test(`T13 (TM-03, LC-01): ${BACKEND_LABEL[kind]}: a late write after regenerate does not resurrect the old id`, { timeout: 30_000 }, async () => {
      const r = await lateWriteAfter(satchelTarget(kind), '/regenerate');
      assert.equal(r.late.status, 500);
      assert.equal(r.late.body.code, 'ERR_SESSION_CONFLICT');
      assert.ok(r.newCookie && r.newCookie !== r.oldCookie, 'regenerate issued a new cookie');
      assert.deepEqual(r.oldView.body.keys, []);
      assert.equal(r.oldRecord, null);
      // The new session holds only what regenerate wrote: the late write went nowhere.
      assert.deepEqual(r.newView?.body.keys, ['init']);
      assert.equal(r.records, 1);
    });
  }

  // The baseline shows the scenario is the real one: express-session writes the whole session
  // back with `store.set` and the logged-out session comes back to life.
  test('T12 baseline: express-session + MemoryStore resurrects the logged-out session', { timeout: 30_000 }, async () => {
    const r = await lateWriteAfter(expressSessionMemory, '/logout');
    assert.equal(r.late.status, 200);
    assert.deepEqual(r.oldView.body.keys, ['init', 'late']);
  });
});
