import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import express from 'express';
import request from 'supertest';
import { cookieSession, type CookieSessionMiddleware } from '../../src/adapters/express/cookie-session.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import { clearsCookie, cookieHeaderFrom, newKey, setCookies, shouldSetCookie } from './helpers.js';

const requireUntyped = createRequire(import.meta.url);
const session = (req: express.Request) => (req as unknown as { session: CookieSession | null }).session as CookieSession;

function app(setup: CookieSessionOptions | CookieSessionMiddleware) {
  const a = express().use(typeof setup === 'function' ? setup : cookieSession(setup));
  a.get('/login/:user', async (req, res) => {
    await session(req).regenerate();
    session(req).user = req.params.user;
    res.end();
  });
  a.get('/me', (req, res) => res.json(session(req) ?? null));
  a.get('/logout', (req, res) => {
    (req as unknown as { session: null }).session = null;
    res.end();
  });
  return a;
}

describe('key rotation (KR-01..03)', () => {
  test('T17 KR-02: a cookie sealed with an older key is accepted and re-sealed with the primary in the same response', async () => {
    const k1 = newKey();
    const k2 = newKey();
    const before = app({ keys: { k1 } });
    const after = app({ keys: { k2, k1 }, primaryKey: 'k2' });
    const old = shouldSetCookie(await request(before).get('/login/ann'), 'session');
    assert.ok(old.startsWith('v1.k1.'));
    const res = await request(after).get('/me').set('Cookie', `session=${old}`);
    assert.deepEqual(res.body, { user: 'ann' });
    const resealed = shouldSetCookie(res, 'session');
    assert.ok(resealed.startsWith('v1.k2.'), resealed.slice(0, 10));
    const next = await request(after).get('/me').set('Cookie', `session=${resealed}`);
    assert.deepEqual(setCookies(next), [], 'a primary-key seal is not re-sent');
  });

  test('T17 KR-03: after the old key is removed its cookies give an empty session', async () => {
    const k1 = newKey();
    const old = shouldSetCookie(await request(app({ keys: [k1] })).get('/login/ann'), 'session');
    const mw = cookieSession({ keys: [newKey()] });
    const reasons: string[] = [];
    mw.on('rejected', (e: { reason: string }) => reasons.push(e.reason));
    const res = await request(app(mw)).get('/me').set('Cookie', `session=${old}`);
    assert.deepEqual(res.body, {});
    assert.deepEqual(reasons, ['unknown_key']);
  });
});

describe('revocation hook (TM-06)', () => {
  test('T16 TM-06: without `revoke` logout is client-side only: a copied cookie still opens (documented)', async () => {
    const a = app({ keys: [newKey()] });
    const copied = cookieHeaderFrom(await request(a).get('/login/ann'));
    assert.ok(clearsCookie(await request(a).get('/logout').set('Cookie', copied), 'session'));
    assert.deepEqual((await request(a).get('/me').set('Cookie', copied)).body, { user: 'ann' });
  });

  test('T16 TM-06: bumping a per-user "not before" time refuses every earlier seal; new logins work', async () => {
    let now = 1_700_000_000_000;
    const notBefore = new Map<string, number>();
    const mw = cookieSession({
      keys: [newKey()],
      now: () => now,
      revoke: async (data, meta) => meta.createdAt < (notBefore.get(String(data.user)) ?? 0),
    });
    const reasons: string[] = [];
    mw.on('rejected', (e: { reason: string }) => reasons.push(e.reason));
    const a = app(mw);
    const phone = cookieHeaderFrom(await request(a).get('/login/ann'));
    const laptop = cookieHeaderFrom(await request(a).get('/login/ann'));
    const bob = cookieHeaderFrom(await request(a).get('/login/bob'));
    now += 1000;
    notBefore.set('ann', now); // "log out everywhere"
    for (const cookie of [phone, laptop]) {
      const res = await request(a).get('/me').set('Cookie', cookie);
      assert.deepEqual(res.body, {});
      assert.ok(clearsCookie(res, 'session'));
    }
    assert.deepEqual(reasons, ['revoked', 'revoked']);
    assert.deepEqual((await request(a).get('/me').set('Cookie', bob)).body, { user: 'bob' });
    now += 1;
    const fresh = cookieHeaderFrom(await request(a).get('/login/ann'));
    assert.deepEqual((await request(a).get('/me').set('Cookie', fresh)).body, { user: 'ann' });
  });

  test('TM-06: a failing revocation check is an error the app sees, not a silent pass', async () => {
    const mw = cookieSession({
      keys: [newKey()],
      revoke: () => {
        throw new Error('revocation store down');
      },
    });
    const a = app(mw);
    a.use((err: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => res.status(503).send(err.message));
    assert.equal((await request(a).get('/me')).status, 200, 'no cookie, no check');
    const login = await request(a).get('/login/ann');
    const res = await request(a).get('/me').set('Cookie', cookieHeaderFrom(login));
    assert.equal(res.status, 503);
    assert.equal(res.text, 'revocation store down');
  });
});

describe('legacy upgrade hook', () => {
  // The real cookie-session 2.1 mints the old cookie; the decoder here is a stand-in for the
  // compat entry's reader (HMAC-SHA1 over "name=value", base64url — keygrip's default).
  const legacyKey = 'legacy-secret-from-the-old-deployment';
  const sign = (value: string) => createHmac('sha1', legacyKey).update(`session=${value}`).digest('base64url');
  const legacy = {
    clear: ['session.sig'],
    decode(input: { cookies(name: string): string[] }) {
      const value = input.cookies('session')[0];
      const sig = input.cookies('session.sig')[0];
      if (!value || sig !== sign(value)) return null;
      return { data: JSON.parse(Buffer.from(value, 'base64').toString('utf8')) as Record<string, unknown> };
    },
  };

  async function oldCookie(): Promise<string> {
    const old = express().use(requireUntyped('cookie-session')({ keys: [legacyKey] }));
    old.get('/', (req, res) => ((session(req).user = 'ann'), res.end()));
    return cookieHeaderFrom(await request(old).get('/'));
  }

  test('a verified cookie-session 2.1 cookie is answered with a sealed one and the .sig cookie is cleared', async () => {
    const a = app({ keys: [newKey()], legacy });
    const cookie = await oldCookie();
    assert.match(cookie, /(^|; )session=[^;]+/);
    assert.match(cookie, /(^|; )session\.sig=/);
    const res = await request(a).get('/me').set('Cookie', cookie);
    assert.deepEqual(res.body, { user: 'ann' });
    assert.ok(shouldSetCookie(res, 'session').startsWith('v1.'));
    assert.ok(clearsCookie(res, 'session.sig'));
    const again = await request(a).get('/me').set('Cookie', cookieHeaderFrom(res));
    assert.deepEqual(again.body, { user: 'ann' });

    const forged = await request(a).get('/me').set('Cookie', cookie.replace(/session\.sig=[^;]+/, 'session.sig=AAAA'));
    assert.deepEqual(forged.body, {}, 'an unverified legacy cookie is no session');
  });

  test('a throwing legacy decoder is treated as "no legacy session"', async () => {
    const a = app({ keys: [newKey()], legacy: { decode: () => Promise.reject(new Error('boom')) } });
    const res = await request(a).get('/me').set('Cookie', 'session=eyJ1c2VyIjoiYW5uIn0=');
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
  });
});

describe('events (DET-01, DET-02)', () => {
  test('created, destroyed, rejected carry reasons only, never cookie values', async () => {
    const mw = cookieSession({ keys: [newKey()] });
    const seen: Array<[string, unknown]> = [];
    for (const type of ['created', 'destroyed', 'expired', 'rejected'] as const) mw.on(type, (e) => seen.push([type, e]));
    const a = app(mw);
    const login = await request(a).get('/login/ann');
    const value = shouldSetCookie(login, 'session');
    await request(a).get('/logout').set('Cookie', cookieHeaderFrom(login));
    await request(a).get('/me').set('Cookie', `session=${value.slice(0, -2)}`);
    assert.deepEqual(seen, [
      ['created', {}],
      ['destroyed', {}],
      ['rejected', { reason: 'malformed' }],
    ]);
    assert.ok(!JSON.stringify(seen).includes(value.slice(10, 30)));
  });

  test('a throwing listener never breaks the request', async () => {
    const mw = cookieSession({ keys: [newKey()] }).on('created', () => {
      throw new Error('listener bug');
    });
    const res = await request(app(mw)).get('/login/ann');
    assert.equal(res.status, 200);
    shouldSetCookie(res, 'session');
  });
});
