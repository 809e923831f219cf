import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import fc from 'fast-check';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { createSealedEngine } from '../../src/lifecycle/sealed/engine.js';
import { resolveCookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { createSealer } from '../../src/crypto/seal.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import { clearsCookie, cookieHeaderFrom, newKey, shouldSetCookie } from './helpers.js';

const session = (req: express.Request) => (req as unknown as { session: CookieSession }).session;
const key = newKey();

function hostileApp() {
  const mw = cookieSession({ keys: [key] });
  const events: Array<{ type: string; reason?: string }> = [];
  for (const type of ['rejected', 'expired', 'created', 'destroyed'] as const) {
    mw.on(type, (e: { reason?: string }) => events.push({ type, ...e }));
  }
  const app = express().use(mw);
  app.get('/login', (req, res) => ((session(req).user = 'ann'), res.end()));
  app.get('/me', (req, res) => res.json({ data: session(req), isNew: session(req).isNew, proto: ({} as { isAdmin?: unknown }).isAdmin ?? null }));
  return { app, events };
}

async function validCookie(app: express.Express) {
  const res = await request(app).get('/login');
  return shouldSetCookie(res, 'session');
}

describe('hostile cookies over HTTP give a fresh empty session (IN-04, ST-07)', () => {
  test('T01 IN-04: every single-character change of a real cookie → empty session, 200, rejected event', async () => {
    const { app, events } = hostileApp();
    const seal = await validCookie(app);
    // Sample positions across every part; the full sweep runs in the sealer unit tests.
    for (let i = 0; i < seal.length; i += 7) {
      const c = seal[i] === 'A' ? 'B' : 'A';
      const res = await request(app).get('/me').set('Cookie', `session=${seal.slice(0, i)}${c}${seal.slice(i + 1)}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.data, {}, `position ${i}`);
      assert.ok(clearsCookie(res, 'session'), 'the bad cookie is cleared');
    }
    assert.ok(events.length > 0 && events.every((e) => e.type === 'rejected' || e.type === 'created'));
  });

  test('T02 T03 T04 T18: truncation, extension, padding, hostile kids, 10 KB cookies → empty session', async () => {
    const { app } = hostileApp();
    const seal = await validCookie(app);
    const parts = seal.split('.');
    const values = [
      seal.slice(0, -1),
      seal.slice(0, 20),
      seal + 'A',
      seal + '.',
      seal + '==',
      seal + '%00',
      `"${seal}"`,
      // Standard base64 characters: '+' where the seal has '-' (a seal may have none: then the last character).
      seal.includes('-') ? seal.replace(/-/g, '+') : `${seal.slice(0, -1)}+`,
      seal.includes('_') ? seal.replace(/_/g, '/') : `${seal.slice(0, -1)}/`,
      [parts[0], '__proto__', ...parts.slice(2)].join('.'),
      [parts[0], 'constructor', ...parts.slice(2)].join('.'),
      [parts[0], 'x'.repeat(10_000), ...parts.slice(2)].join('.'),
      [parts[0], '%D0%BA%D0%BB', ...parts.slice(2)].join('.'),
      'A'.repeat(10_240),
      '',
    ];
    for (const value of values) {
      const res = await request(app).get('/me').set('Cookie', `session=${value}`);
      assert.equal(res.status, 200, value.slice(0, 40));
      assert.deepEqual(res.body.data, {}, `opened: ${value.slice(0, 60)}`);
    }
  });

  test('T05 ST-02: a seal copied under another cookie name or purpose does not open', async () => {
    const { app } = hostileApp();
    const seal = await validCookie(app);
    const other = express().use(cookieSession({ keys: [key], name: 'other' }));
    other.get('/me', (req, res) => res.json(session(req)));
    assert.deepEqual((await request(other).get('/me').set('Cookie', `other=${seal}`)).body, {});
    const magicLink = createSealer({ keys: [key] }).seal(
      { user: 'ann' },
      { name: 'session', purpose: 'magic-link', context: 'parts=1' },
      { createdAt: Date.now(), idleExpiresAt: Date.now() + 60_000, absoluteExpiresAt: Date.now() + 60_000 },
      Date.now(),
    );
    assert.deepEqual((await request(app).get('/me').set('Cookie', `session=${magicLink}`)).body.data, {}, 'T06');
  });

  test('T20 ST-08: a sealed __proto__ payload and a hostile Cookie header stay inert', async () => {
    const { app } = hostileApp();
    const sealer = createSealer({ keys: [key] });
    const now = Date.now();
    const payload = JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"user":"ann"}');
    const seal = sealer.seal(payload, { name: 'session', purpose: 'session', context: 'parts=1' }, { createdAt: now, idleExpiresAt: now + 60_000, absoluteExpiresAt: now + 60_000 }, now);
    const res = await request(app).get('/me').set('Cookie', `session=${seal}`);
    assert.deepEqual(res.body, { data: { user: 'ann' }, isNew: false, proto: null });
    const header = await request(app).get('/me').set('Cookie', '__proto__=1; constructor=2; hasOwnProperty=3; session.0=x');
    assert.equal(header.status, 200);
    assert.deepEqual(header.body.data, {});
  });

  test('IN-02: with duplicate session cookies the first one that opens wins', async () => {
    const { app } = hostileApp();
    const seal = await validCookie(app);
    for (const cookie of [`session=garbage; session=${seal}`, `session=${seal}; session=garbage`]) {
      const res = await request(app).get('/me').set('Cookie', cookie);
      assert.deepEqual(res.body.data, { user: 'ann' }, cookie.slice(0, 20));
    }
  });
});

describe('no input throws (T19, IN-04)', () => {
  test('T19 IN-04: random Cookie headers never make load or commit throw (10k cases)', async () => {
    let now = 1_700_000_000_000;
    const engine = createSealedEngine(resolveCookieSessionOptions({ keys: [key], chunking: true, now: () => now }));
    const good = createSealer({ keys: [key] }).seal(
      { a: 1 },
      { name: 'session', purpose: 'session', context: 'parts=1' },
      { createdAt: now, idleExpiresAt: now + 60_000, absoluteExpiresAt: now + 60_000 },
      now,
    );
    const value = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.constantFrom(good, good + 'A', good.slice(1), '"' + good + '"', '__proto__', 'v1....', 'v1.a.b.c.d'),
    );
    const name = fc.constantFrom('session', 'session.0', 'session.1', 'session.3', '__proto__', 'constructor', 'x', '');
    const header = fc.oneof(
      fc.array(fc.tuple(name, value), { maxLength: 6 }).map((pairs) => pairs.map(([n, v]) => `${n}=${v}`).join('; ')),
      fc.string({ maxLength: 300 }),
    );
    await fc.assert(
      fc.asyncProperty(header, fc.boolean(), async (cookieHeader, secure) => {
        const state = await engine.load({ cookieHeader, secure, localhost: true }, () => {});
        assert.equal(typeof state.session, 'object');
        state.commit();
      }),
      { numRuns: 10_000 },
    );
  });
});
