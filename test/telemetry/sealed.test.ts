/**
 * `cookieSession()` metrics through the real SDK (in-memory reader), on Express: the counters its
 * events feed and the size of every sealed cookie written.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/index.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { cookieHeaderFrom, newKey, setCookies } from '../cookie-session/helpers.js';
import { manualClock } from '../engine/helpers.js';
import { api, counted, descriptorOf, histogramPoints, installOtel, recorded, type Otel } from './otel.js';

const MIN = 60_000;
const COOKIE = { 'satchel.session.mode': 'cookie' };
let otel: Otel;
before(() => {
  otel = installOtel();
});
after(() => otel.uninstall());

type Data = Record<string, unknown>;

function appWith(options: Partial<CookieSessionOptions> = {}) {
  const app = express();
  const middleware = cookieSession({ keys: [newKey()], telemetry: api, ...options });
  const events: Array<{ event: string; reason?: string }> = [];
  for (const event of ['created', 'destroyed', 'expired', 'rejected'] as const) {
    middleware.on(event, (payload) => events.push({ event, reason: (payload as { reason?: string }).reason }));
  }
  app.use(middleware);
  const session = (req: express.Request) => (req as unknown as { session: Data | null }).session;
  app.get('/set', (req, res) => {
    Object.assign(session(req)!, req.query);
    res.json({ ok: true });
  });
  app.get('/get', (req, res) => res.json(session(req)));
  app.get('/logout', (req, res) => {
    (req as unknown as { session: Data | null }).session = null;
    res.json({ ok: true });
  });
  return { app, events };
}

/** `name=value` bytes of every cookie a response sets (the deletions left out). */
function bytesSet(res: request.Response): number {
  return setCookies(res)
    .map((line) => line.slice(0, line.indexOf(';')))
    .filter((pair) => !pair.endsWith('='))
    .reduce((sum, pair) => sum + pair.length, 0);
}

describe('OT-03: cookieSession() counters', () => {
  test('created and destroyed, attributed to the cookie mode', async () => {
    const { app, events } = appWith();
    const before = await otel.metrics();
    const first = await request(app).get('/set?a=1');
    await request(app).get('/logout').set('Cookie', cookieHeaderFrom(first));
    const now = await otel.metrics();
    const delta = (name: string) => counted(now, name, COOKIE) - counted(before, name, COOKIE);
    assert.equal(delta('satchel.session.created'), 1);
    assert.equal(delta('satchel.session.destroyed'), 1);
    assert.deepEqual(events.map((e) => e.event), ['created', 'destroyed']);
  });

  test('expired counts by reason: idle and absolute', async () => {
    const clock = manualClock(Date.now());
    const { app, events } = appWith({ now: clock.now, clockSkew: 0, timeouts: { idle: MIN, absolute: 5 * MIN } });
    const before = await otel.metrics();
    const idle = await request(app).get('/set?a=1');
    clock.advance(2 * MIN);
    await request(app).get('/get').set('Cookie', cookieHeaderFrom(idle));
    let cookie = cookieHeaderFrom(await request(app).get('/set?b=0'));
    for (let i = 1; i <= 5; i++) {
      clock.advance(50_000);
      cookie = cookieHeaderFrom(await request(app).get(`/set?b=${i}`).set('Cookie', cookie));
    }
    clock.advance(60_000); // 310 s after creation: past the absolute bound, within idle of the last write
    await request(app).get('/get').set('Cookie', cookie);
    const now = await otel.metrics();
    for (const reason of ['idle', 'absolute']) {
      const attrs = { ...COOKIE, 'satchel.session.expiry.reason': reason };
      const seen = events.filter((e) => e.event === 'expired' && e.reason === reason).length;
      assert.equal(seen, 1, `one ${reason} expiry happened`);
      assert.equal(counted(now, 'satchel.session.expired', attrs) - counted(before, 'satchel.session.expired', attrs), seen, reason);
    }
  });

  test('rejected counts by reason', async () => {
    const { app, events } = appWith();
    const good = cookieHeaderFrom(await request(app).get('/set?a=1'));
    const before = await otel.metrics();
    const tampered = good.slice(0, -3) + (good.endsWith('AAA') ? 'BBB' : 'AAA');
    await request(app).get('/get').set('Cookie', tampered);
    await request(app).get('/get').set('Cookie', 'session=not-a-seal');
    const now = await otel.metrics();
    const reasons = events.filter((e) => e.event === 'rejected').map((e) => e.reason!);
    assert.equal(reasons.length, 2);
    for (const reason of new Set(reasons)) {
      const attrs = { ...COOKIE, 'satchel.session.rejection.reason': reason };
      const expected = reasons.filter((r) => r === reason).length;
      assert.equal(counted(now, 'satchel.session.rejected', attrs) - counted(before, 'satchel.session.rejected', attrs), expected, reason);
    }
  });
});

describe('OT-05: cookieSession() cookie size', () => {
  test('each sealed cookie written is recorded once, in bytes of name=value', async () => {
    const { app } = appWith();
    const before = await otel.metrics();
    const small = await request(app).get('/set?a=1');
    await request(app).get('/get').set('Cookie', cookieHeaderFrom(small)); // writes nothing
    const now = await otel.metrics();
    const attrs = { ...COOKIE, 'satchel.cookie.chunks': 1 };
    assert.equal(recorded(now, 'satchel.cookie.size', attrs) - recorded(before, 'satchel.cookie.size', attrs), 1);
    const points = histogramPoints(now, 'satchel.cookie.size', attrs);
    const sumBefore = histogramPoints(before, 'satchel.cookie.size', attrs).reduce((s, p) => s + p.value.sum!, 0);
    assert.equal(points.reduce((s, p) => s + p.value.sum!, 0) - sumBefore, bytesSet(small));
    assert.equal(descriptorOf(now, 'satchel.cookie.size')?.unit, 'By');
  });

  test('a chunked seal is one value: all chunks together, with their count', async () => {
    const { app } = appWith({ chunking: true });
    const res = await request(app).get(`/set?big=${'x'.repeat(5000)}`);
    assert.equal(res.status, 200);
    const now = await otel.metrics();
    const points = histogramPoints(now, 'satchel.cookie.size', { ...COOKIE, 'satchel.cookie.chunks': 2 });
    assert.equal(points.reduce((s, p) => s + p.value.count, 0), 1);
    assert.equal(points[0]!.value.sum, bytesSet(res));
    assert.ok(bytesSet(res) > 4096);
  });
});
