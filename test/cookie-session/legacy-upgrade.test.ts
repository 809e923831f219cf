import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { readLegacyCookieSession } from '../../src/compat/cookie-session/legacy.js';
import type { CookieSessionOptions, LegacyDecoder, SealedSessionMeta } from '../../src/lifecycle/sealed/options.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import { clearsCookie, cookieHeaderFrom, newKey, setCookies } from './helpers.js';

const requireUntyped = createRequire(import.meta.url);
const session = (req: express.Request) => (req as unknown as { session: CookieSession }).session;
const LEGACY_KEYS = ['old-deployment-key-2', 'old-deployment-key-1'];
const HOUR = 3_600_000;

/** A cookie minted by the real cookie-session 2.1.1, as the old deployment set it. */
async function legacyCookie(data: Record<string, unknown>): Promise<string> {
  const old = express().use(requireUntyped('cookie-session')({ keys: LEGACY_KEYS }));
  old.get('/', (req, res) => (Object.assign(session(req), data), res.end()));
  const header = cookieHeaderFrom(await request(old).get('/'));
  assert.match(header, /^session=[^;]+; session\.sig=/);
  return header;
}

const fromCookieSession = (extra: Partial<LegacyDecoder> = {}): LegacyDecoder => ({
  decode: ({ cookieHeader }) => readLegacyCookieSession(cookieHeader, { keys: LEGACY_KEYS }) ?? null,
  clear: ['session', 'session.sig'],
  ...extra,
});

function upgradeApp(options: Partial<CookieSessionOptions>) {
  const clock = { now: 1_800_000_000_000 };
  const notBefore = new Map<string, number>();
  const metas: SealedSessionMeta[] = [];
  const events: string[] = [];
  const mw = cookieSession({
    keys: [newKey()],
    name: 'sealed',
    now: () => clock.now,
    revoke: (data, meta) => (metas.push(meta), meta.createdAt < (notBefore.get(String(data.user)) ?? 0)),
    ...options,
  });
  mw.on('rejected', ({ reason }) => events.push(`rejected ${reason}`));
  mw.on('expired', ({ reason }) => events.push(`expired ${reason}`));
  mw.on('created', () => events.push('created'));
  const app = express().use(mw);
  app.get('/me', (req, res) => res.json({ ...session(req) }));
  app.get('/login/:user', async (req, res) => {
    await session(req).regenerate();
    session(req).user = req.params.user;
    res.end();
  });
  app.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: err.code, message: err.message });
  });
  return { app, clock, notBefore, metas, events };
}

describe('audit M2: legacy cookies go through revoke and keep their age', () => {
  test('audit M2: after "log out everywhere" a copied cookie-session cookie, and the seal it was upgraded to, are refused', async () => {
    const t = upgradeApp({ legacy: fromCookieSession() });
    const copied = await legacyCookie({ user: 'ann' });
    const bobs = await legacyCookie({ user: 'bob' });
    const upgrade = await request(t.app).get('/me').set('Cookie', copied);
    assert.deepEqual(upgrade.body, { user: 'ann' });
    assert.ok(clearsCookie(upgrade, 'session') && clearsCookie(upgrade, 'session.sig'));
    const upgraded = cookieHeaderFrom(upgrade);
    assert.match(upgraded, /^sealed=v1\./);
    assert.equal(t.metas[0]!.createdAt, 0, 'no issue time: older than any cut-off');

    t.clock.now += 1000;
    t.notBefore.set('ann', t.clock.now); // "log out everywhere"
    t.events.length = 0;
    const replayed = await request(t.app).get('/me').set('Cookie', copied);
    assert.deepEqual(replayed.body, {});
    assert.ok(clearsCookie(replayed, 'session') && clearsCookie(replayed, 'session.sig'), 'the refused legacy cookie is cleared');
    const resealed = await request(t.app).get('/me').set('Cookie', upgraded);
    assert.deepEqual(resealed.body, {}, 'the upgrade did not start a new clock');
    assert.deepEqual(t.events, ['rejected revoked', 'rejected revoked']);

    assert.deepEqual((await request(t.app).get('/me').set('Cookie', bobs)).body, { user: 'bob' }, 'no cut-off for bob');
    t.clock.now += 1;
    const fresh = cookieHeaderFrom(await request(t.app).get('/login/ann'));
    assert.deepEqual((await request(t.app).get('/me').set('Cookie', fresh)).body, { user: 'ann' }, 'a new login works');
  });

  test('audit M2: the decoder\'s creation time is the session\'s: revoke sees it and the absolute timeout counts from it', async () => {
    const decode: LegacyDecoder['decode'] = ({ cookieHeader }) => {
      const found = readLegacyCookieSession(cookieHeader, { keys: LEGACY_KEYS });
      return found ? { data: found.data, createdAt: Number(found.data.loginAt) } : null;
    };
    const t = upgradeApp({ legacy: fromCookieSession({ decode }), absoluteTimeout: 12 * HOUR, idleTimeout: 2 * HOUR });
    const loginAt = t.clock.now - 11 * HOUR;
    const upgrade = await request(t.app).get('/me').set('Cookie', await legacyCookie({ user: 'ann', loginAt }));
    assert.deepEqual(upgrade.body, { user: 'ann', loginAt });
    assert.equal(t.metas[0]!.createdAt, loginAt);
    assert.equal(t.metas[0]!.absoluteExpiresAt, loginAt + 12 * HOUR);
    const upgraded = cookieHeaderFrom(upgrade);
    t.clock.now += 30 * 60_000;
    assert.equal(t.metas.length, 1);
    assert.deepEqual((await request(t.app).get('/me').set('Cookie', upgraded)).body, { user: 'ann', loginAt });
    assert.equal(t.metas[1]!.createdAt, loginAt, 'the seal kept the legacy creation time');
    t.clock.now += 32 * 60_000; // 12 h 2 min after login: past the deadline and the 1 min clock skew
    assert.deepEqual((await request(t.app).get('/me').set('Cookie', upgraded)).body, {});
    assert.deepEqual(t.events, ['created', 'expired absolute']);

    const tooOld = await request(t.app).get('/me').set('Cookie', await legacyCookie({ user: 'ann', loginAt: t.clock.now - 13 * HOUR }));
    assert.deepEqual(tooOld.body, {});
    assert.deepEqual(t.events, ['created', 'expired absolute', 'expired absolute']);
    assert.ok(clearsCookie(tooOld, 'session.sig'));
  });

  test('audit M2: without a creation time the absolute timeout runs once from the upgrade; activity never renews it', async () => {
    const t = upgradeApp({ legacy: fromCookieSession(), absoluteTimeout: 12 * HOUR, idleTimeout: HOUR, rolling: true });
    let cookie = cookieHeaderFrom(await request(t.app).get('/me').set('Cookie', await legacyCookie({ user: 'ann' })));
    const upgradedAt = t.clock.now;
    for (let i = 0; i < 23; i++) {
      t.clock.now += 30 * 60_000;
      const res = await request(t.app).get('/me').set('Cookie', cookie);
      assert.deepEqual(res.body, { user: 'ann' }, `after ${(i + 1) / 2} h`);
      cookie = cookieHeaderFrom(res);
    }
    assert.ok(t.metas.every((meta) => meta.createdAt === 0 && meta.absoluteExpiresAt === upgradedAt + 12 * HOUR));
    t.clock.now += 32 * 60_000; // past the deadline and the 1 min clock skew
    assert.deepEqual((await request(t.app).get('/me').set('Cookie', cookie)).body, {});
    assert.deepEqual(t.events, ['created', 'expired absolute']);
  });

  test('audit M2: legacy.until refuses legacy cookies from then on: anonymous session, rejected legacy_expired, cookies cleared', async () => {
    const t = upgradeApp({ legacy: fromCookieSession({ until: new Date(1_800_000_001_000) }) });
    const legacy = await legacyCookie({ user: 'ann' });
    const before = await request(t.app).get('/me').set('Cookie', legacy);
    assert.deepEqual(before.body, { user: 'ann' });
    t.clock.now = 1_800_000_001_000;
    const after = await request(t.app).get('/me').set('Cookie', legacy);
    assert.deepEqual(after.body, {});
    assert.deepEqual(t.events, ['created', 'rejected legacy_expired']);
    assert.ok(clearsCookie(after, 'session') && clearsCookie(after, 'session.sig'));
    assert.equal(setCookies(after).length, 2, 'no seal for a refused legacy cookie');
    assert.deepEqual((await request(t.app).get('/me').set('Cookie', cookieHeaderFrom(before))).body, { user: 'ann' }, 'seals made before until still open');
    const forged = await request(t.app).get('/me').set('Cookie', legacy.replace(/session\.sig=[^;]+/, 'session.sig=AAAA'));
    assert.deepEqual(setCookies(forged), [], 'an unverified legacy cookie is not even reported');
    assert.throws(() => cookieSession({ keys: [newKey()], legacy: { decode: () => null, until: new Date('nope') } }), { code: 'ERR_SESSION_OPTIONS' });
  });

  test('audit M2: a decoder still returning the bare data (the earlier contract) fails loudly with SessionOptionsError', async () => {
    const bare = { decode: () => ({ user: 'ann' }) } as unknown as LegacyDecoder;
    const t = upgradeApp({ legacy: bare });
    const res = await request(t.app).get('/me').set('Cookie', 'session=x');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'ERR_SESSION_OPTIONS');
    assert.match(res.body.message, /legacy\.decode must return \{ data, createdAt\? \}/);
  });
});
