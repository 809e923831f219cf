/**
 * Battery T08–T16 (security.md §6.2): timeouts, logout, fixation, attacker-chosen ids,
 * resurrection races and per-user logout, for `session()` and `cookieSession()`.
 * T14 (renewal grace, LC-04) is not here: neither mode has a renewal timeout (see the report).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createSealer } from '../../src/crypto/seal.js';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { generateId, hashStoreKey } from '../../src/crypto/ids.js';
import { clearsCookie, cookieApp, cs, gate, idOf, issuedValue, mustIssue, newSecret, reasons, serverApp } from './support/apps.js';

const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A per-user "not before" epoch: the revocation hook cookieSession documents (TM-06). */
function epochs() {
  const notBefore = new Map<string, number>();
  return {
    revoke: (data: Readonly<Record<string, unknown>>, meta: { createdAt: number }) =>
      typeof data.user === 'string' && meta.createdAt < (notBefore.get(data.user) ?? -Infinity),
    bump: (user: string, at: number) => void notBefore.set(user, at),
  };
}

/** cookieSession app with epoch revocation and the routes that bump it. */
function revokingCookieApp() {
  const e = epochs();
  let clockNow = () => 0;
  const routes = (app: Express) => {
    app.get('/logout-everywhere', (req, res) => {
      e.bump(String(cs(req).user), clockNow());
      (req as unknown as { session: null }).session = null;
      res.send('bye');
    });
    app.get('/rotate', async (req, res) => {
      const user = String(cs(req).user);
      e.bump(user, clockNow());
      await cs(req).regenerate();
      cs(req).user = user;
      res.send('rotated');
    });
  };
  const c = cookieApp({ revoke: e.revoke }, routes);
  clockNow = c.clock.now;
  return { ...c, bump: e.bump };
}

describe('session(): timeouts and termination', () => {
  test('T08 idle vs absolute (TO-01, TO-02, TO-05): reads every idle−1 s keep it only until createdAt + absolute', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    let elapsed = 0;
    while (elapsed + 30 * MINUTE - 1000 < 12 * HOUR) {
      s.clock.advance(30 * MINUTE - 1000);
      elapsed += 30 * MINUTE - 1000;
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, { count: 1 }, `alive at ${elapsed}`);
    }
    s.clock.advance(12 * HOUR - elapsed);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, {}, 'dead at createdAt + absolute');
    assert.ok(s.calls.touch > 20, 'idle deadline moved by throttled touches');
  });

  test('T08 TO-01: no activity for idle+1 s → anonymous, and the dead record is deleted', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    s.clock.advance(30 * MINUTE - 1);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, { count: 1 });
    s.clock.advance(30 * MINUTE + 1000);
    const res = await request(s.app).get('/read').set('Cookie', `sid=${value}`);
    assert.deepEqual(res.body.data, {});
    assert.ok(clearsCookie(res, 'sid'), 'the dead cookie is cleared');
    assert.equal(await s.store.length(), 0);
  });

  test('T09 logout replay (TM-01, TM-02): log in, capture, log out, replay → anonymous, no record left', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/login/alice'), 'sid');
    await request(s.app).get('/write').set('Cookie', `sid=${value}`).expect(200);
    const out = await request(s.app).get('/logout').set('Cookie', `sid=${value}`);
    assert.ok(clearsCookie(out, 'sid'), 'logout clears the cookie');
    assert.equal(await s.store.length(), 0);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, {});
    assert.ok(reasons(s.events).includes('unknown_id'));
  });

  test('T10 fixation (LC-01, LC-03): login rotates A → B, A is dead and gone, only allowlisted data carries over', async () => {
    const s = serverApp();
    const a = mustIssue(await request(s.app).get('/cart'), 'sid');
    const login = await request(s.app).get('/login/alice').set('Cookie', `sid=${a}`);
    const b = mustIssue(login, 'sid');
    assert.notEqual(idOf(b), idOf(a));
    assert.deepEqual(login.body.data, { cart: 'apple' }, 'cart allowlisted, tracking dropped');
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${a}`)).body.data, {});
    const keys = (await s.store.all()).map((entry) => entry.key);
    assert.ok(!keys.includes(hashStoreKey(idOf(a))));
    assert.deepEqual(keys, [hashStoreKey(idOf(b))]);
  });

  test('T11 attacker-chosen id (SID-03, SID-04): a validly signed never-issued id is not adopted and creates nothing', async () => {
    const secret = newSecret();
    const s = serverApp({ secret });
    const chosen = generateId();
    const cookie = `sid=${encodeURIComponent(`s:${sign(chosen, secret)}`)}`;
    const read = await request(s.app).get('/read').set('Cookie', cookie);
    assert.deepEqual(read.body.data, {});
    assert.equal(s.calls.create + s.calls.update + s.calls.touch, 0, 'loading never writes');
    const write = await request(s.app).get('/write').set('Cookie', cookie);
    const issued = idOf(mustIssue(write, 'sid'));
    assert.notEqual(issued, chosen);
    const keys = (await s.store.all()).map((entry) => entry.key);
    assert.deepEqual(keys, [hashStoreKey(issued)]);
    assert.ok(reasons(s.events).includes('unknown_id'));
  });

  for (const [id, path, label] of [
    ['T12', '/logout', 'logout (TM-03, STO-01)'],
    ['T13', '/regenerate', 'regenerate (TM-03, LC-01)'],
  ] as const) {
    test(`${id} resurrection after ${label}: the slow request's save is refused and the old cookie stays dead`, async () => {
      const s = serverApp();
      const value = mustIssue(await request(s.app).get('/login/alice'), 'sid');
      s.slow.gate = gate();
      const slow = request(s.app).get('/slow').set('Cookie', `sid=${value}`).then((res) => res);
      await s.slow.gate.reached;
      const other = await request(s.app).get(path).set('Cookie', `sid=${value}`);
      assert.equal(other.status, 200);
      s.slow.gate.release();
      const finished = await slow;
      assert.equal(finished.status, 500);
      assert.equal(finished.body.code, 'ERR_SESSION_CONFLICT', 'the interrupted save is reported');
      assert.equal(issuedValue(finished, 'sid'), undefined, 'no cookie for the dead session');
      assert.ok(s.events.some((e) => e.event === 'conflict'));
      const keys = (await s.store.all()).map((entry) => entry.key);
      assert.ok(!keys.includes(hashStoreKey(idOf(value))), 'the old record was not re-created');
      assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, {});
      if (path === '/regenerate') {
        const fresh = mustIssue(other, 'sid');
        assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${fresh}`)).body.data, { fresh: true });
      }
    });
  }

  test('T15 log out other sessions (TM-04, TM-05): S2 dies, S1 lives, listings before and after', async () => {
    const s = serverApp({}, (app) => {
      app.get('/others', async (req, res) => res.json({ destroyed: await req.session.destroyOtherSessions(), list: await req.session.listUserSessions() }));
    });
    const s1 = mustIssue(await request(s.app).get('/login/bob'), 'sid');
    const s2 = mustIssue(await request(s.app).get('/login/bob'), 'sid');
    await request(s.app).get('/write').set('Cookie', `sid=${s2}`).expect(200);
    const before = await s.mw.listUserSessions('bob');
    assert.equal(before.length, 2);
    assert.ok(before.every((info) => !JSON.stringify(info).includes(idOf(s1)) && !JSON.stringify(info).includes(idOf(s2))), 'metadata only');
    const res = await request(s.app).get('/others').set('Cookie', `sid=${s1}`);
    assert.equal(res.body.destroyed, 1);
    assert.equal(res.body.list.length, 1);
    assert.equal(res.body.list[0].current, true);
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${s2}`)).body.data, {});
    assert.equal((await request(s.app).get('/write').set('Cookie', `sid=${s1}`)).body.data.count, 1);
    assert.deepEqual((await s.mw.listUserSessions('bob')).map((info) => info.key), [hashStoreKey(idOf(s1))]);
  });

  test('T16 revocation (TM-04): server-side, destroyUserSessions(U) kills every earlier cookie; a new login works', async () => {
    const s = serverApp();
    const first = mustIssue(await request(s.app).get('/login/carol'), 'sid');
    const second = mustIssue(await request(s.app).get('/login/carol'), 'sid');
    assert.equal(await s.mw.destroyUserSessions('carol'), 2);
    for (const old of [first, second]) assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${old}`)).body.data, {});
    const fresh = mustIssue(await request(s.app).get('/login/carol'), 'sid');
    assert.equal((await request(s.app).get('/write').set('Cookie', `sid=${fresh}`)).body.data.count, 1);
  });
});

describe('cookieSession(): timeouts and termination', () => {
  test('T08 idle vs absolute (TO-01, TO-02, TO-05): reads every idle−1 s keep it only until createdAt + absolute', async () => {
    const c = cookieApp({ clockSkew: 0 });
    let value = mustIssue(await request(c.app).get('/write'), 'session');
    let elapsed = 0;
    while (elapsed + 30 * MINUTE - 1000 < 12 * HOUR) {
      c.clock.advance(30 * MINUTE - 1000);
      elapsed += 30 * MINUTE - 1000;
      const res = await request(c.app).get('/read').set('Cookie', `session=${value}`);
      assert.deepEqual(res.body.data, { count: 1 }, `alive at ${elapsed}`);
      value = issuedValue(res, 'session') ?? value;
    }
    c.clock.advance(12 * HOUR - elapsed + 1);
    const res = await request(c.app).get('/read').set('Cookie', `session=${value}`);
    assert.deepEqual(res.body.data, {}, 'dead after createdAt + absolute');
    assert.ok(c.events.some((e) => e.event === 'expired' && e.payload.reason === 'absolute'));
  });

  test('T08 TO-01: no activity for idle+1 s → anonymous with an idle expiry event', async () => {
    const c = cookieApp({ clockSkew: 0 });
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    c.clock.advance(30 * MINUTE);
    assert.deepEqual((await request(c.app).get('/read').set('Cookie', `session=${value}`)).body.data, { count: 1 });
    c.clock.advance(1001);
    const res = await request(c.app).get('/read').set('Cookie', `session=${value}`);
    assert.deepEqual(res.body.data, {});
    assert.ok(clearsCookie(res, 'session'));
    assert.ok(c.events.some((e) => e.event === 'expired' && e.payload.reason === 'idle'));
  });

  test('T09 logout replay (TM-01, TM-02, TM-06): without revoke a copy still opens (client-side logout, documented); with revoke it is anonymous', async () => {
    const plain = cookieApp();
    const copy = mustIssue(await request(plain.app).get('/login/alice'), 'session');
    const out = await request(plain.app).get('/logout').set('Cookie', `session=${copy}`);
    assert.ok(clearsCookie(out, 'session'), 'logout clears the cookie');
    assert.equal((await request(plain.app).get('/read').set('Cookie', `session=${copy}`)).body.data.user, 'alice', 'documented: no server state to delete');

    const r = revokingCookieApp();
    const value = mustIssue(await request(r.app).get('/login/alice'), 'session');
    r.clock.advance(1);
    assert.ok(clearsCookie(await request(r.app).get('/logout-everywhere').set('Cookie', `session=${value}`), 'session'));
    assert.deepEqual((await request(r.app).get('/read').set('Cookie', `session=${value}`)).body.data, {});
    assert.deepEqual(reasons(r.events), ['revoked']);
  });

  test('T10 fixation (LC-01, LC-03): login gives a new seal; the pre-login seal never carries the login', async () => {
    const c = cookieApp();
    const a = mustIssue(await request(c.app).get('/cart'), 'session');
    const login = await request(c.app).get('/login/alice').set('Cookie', `session=${a}`);
    const b = mustIssue(login, 'session');
    assert.notEqual(b, a);
    assert.deepEqual(login.body.data, { cart: 'apple', user: 'alice' }, 'cart allowlisted, tracking dropped');
    const replay = await request(c.app).get('/read').set('Cookie', `session=${a}`);
    assert.equal(replay.body.data.user, undefined, 'an attacker-planted pre-login seal stays anonymous');
  });

  test('T11 attacker-chosen id (SID-03): not applicable — a seal carries no session id to choose', async () => {
    const c = cookieApp({}, (app) => app.get('/id', (req, res) => res.json({ id: (cs(req) as unknown as { id?: unknown }).id ?? null })));
    const value = mustIssue(await request(c.app).get('/write'), 'session');
    const opened = createSealer({ keys: [c.key] }).open(value, { name: 'session', purpose: 'session', context: 'parts=1' }, c.clock.now());
    assert.ok(opened.ok);
    assert.deepEqual(Object.keys(opened).sort(), ['absoluteExpiresAt', 'createdAt', 'data', 'idleExpiresAt', 'issuedAt', 'keyId', 'ok', 'stale']);
    assert.deepEqual({ ...opened.data }, { count: 1 }, 'only the data, no identifier');
    assert.equal((await request(c.app).get('/id').set('Cookie', `session=${value}`)).body.id, null);
  });

  for (const [id, path, label] of [
    ['T12', '/logout-everywhere', 'logout (TM-03, TM-06)'],
    ['T13', '/rotate', 'regenerate (TM-03, LC-01)'],
  ] as const) {
    test(`${id} resurrection after ${label}: with a revocation epoch the slow request's fresh seal is dead on arrival`, async () => {
      const r = revokingCookieApp();
      const value = mustIssue(await request(r.app).get('/login/alice'), 'session');
      r.slow.gate = gate();
      const slow = request(r.app).get('/slow').set('Cookie', `session=${value}`).then((res) => res);
      await r.slow.gate.reached;
      r.clock.advance(1);
      const other = await request(r.app).get(path).set('Cookie', `session=${value}`);
      assert.equal(other.status, 200);
      r.slow.gate.release();
      const late = mustIssue(await slow, 'session');
      for (const replay of [late, value]) {
        assert.deepEqual((await request(r.app).get('/read').set('Cookie', `session=${replay}`)).body.data, {});
      }
      assert.ok(reasons(r.events).every((reason) => reason === 'revoked'));
      if (path === '/rotate') {
        const fresh = mustIssue(other, 'session');
        assert.equal((await request(r.app).get('/read').set('Cookie', `session=${fresh}`)).body.data.user, 'alice');
      }
    });
  }

  test('T15 log out other sessions (TM-04, TM-05): not applicable — no server record to list or destroy; per-user logout is the revoke hook (T16)', () => {
    const c = cookieApp();
    const api = c.mw as unknown as Record<string, unknown>;
    assert.equal(api.listUserSessions, undefined);
    assert.equal(api.destroyUserSessions, undefined);
  });

  test('T16 stateless revocation (TM-06): bumping the user epoch kills every earlier seal; new seals work', async () => {
    const r = revokingCookieApp();
    const laptop = mustIssue(await request(r.app).get('/login/dave'), 'session');
    const phone = mustIssue(await request(r.app).get('/login/dave'), 'session');
    const other = mustIssue(await request(r.app).get('/login/erin'), 'session');
    r.clock.advance(1);
    r.bump('dave', r.clock.now());
    for (const old of [laptop, phone]) assert.deepEqual((await request(r.app).get('/read').set('Cookie', `session=${old}`)).body.data, {});
    assert.equal((await request(r.app).get('/read').set('Cookie', `session=${other}`)).body.data.user, 'erin', 'other users untouched');
    const fresh = mustIssue(await request(r.app).get('/login/dave'), 'session');
    assert.equal((await request(r.app).get('/read').set('Cookie', `session=${fresh}`)).body.data.user, 'dave');
  });
});
