/**
 * Per-route activity with `cookieSession()` and a fake clock: a passive request re-seals only
 * for a change, and then under the idle deadline the seal came with (its Max-Age shrinks, never
 * grows); a rolling one re-seals with a fresh idle deadline at once.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { cookieSession, SessionOptionsError, type SessionActivity } from '../../src/index.js';
import { manualClock } from '../engine/helpers.js';

const MIN = 60_000;
const IDLE = 30 * MIN;
const KEY = randomBytes(32).toString('base64url');

function setup() {
  const clock = manualClock();
  const app = express();
  app.use(
    cookieSession({
      keys: [KEY],
      now: clock.now,
      timeouts: { idle: IDLE, absolute: 12 * 60 * MIN },
      activity: (req) => (req.path.startsWith('/poll') ? 'passive' : req.path === '/keepalive' ? 'rolling' : undefined),
    }),
  );
  const data = (req: express.Request) => req.session as unknown as Record<string, unknown>;
  app.post('/login', (req, res) => {
    data(req).user = 'u1';
    res.json({ ok: true });
  });
  app.get('/poll', (req, res) => res.json({ user: data(req)?.user ?? null }));
  app.post('/poll/write', (req, res) => {
    data(req).polled = 1;
    res.json({ ok: true });
  });
  app.get('/keepalive', (_req, res) => res.json({ ok: true }));
  app.get('/read', (req, res) => res.json({ user: data(req)?.user ?? null }));
  app.get('/as', (req, res) => {
    req.session!.setActivity(String(req.query.a) as SessionActivity);
    res.json({ ok: true });
  });
  app.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: error.code });
  });
  return { app, clock };
}

const maxAge = (line: string) => Number(/Max-Age=(\d+)/i.exec(line)?.[1]);
const cookieOf = (res: request.Response) => res.headers['set-cookie']![0]!.split(';')[0]!;

describe('per-route activity, cookieSession()', () => {
  test('ACT-01: a passive read past touchAfter sends no cookie; the same read without the switch re-seals', async () => {
    const { app, clock } = setup();
    const cookie = cookieOf(await request(app).post('/login'));
    clock.advance(20 * MIN);
    const polled = await request(app).get('/poll').set('Cookie', cookie);
    assert.equal(polled.body.user, 'u1');
    assert.equal(polled.headers['set-cookie'], undefined);
    const read = await request(app).get('/read').set('Cookie', cookie);
    assert.equal(maxAge(read.headers['set-cookie']![0]!), IDLE / 1000);
  });

  test('ACT-02: a passive write re-seals under the idle deadline it came with (Max-Age shrinks)', async () => {
    const { app, clock } = setup();
    const cookie = cookieOf(await request(app).post('/login'));
    clock.advance(20 * MIN);
    const written = await request(app).post('/poll/write').set('Cookie', cookie);
    assert.equal(maxAge(written.headers['set-cookie']![0]!), (IDLE - 20 * MIN) / 1000);
    // Still the old deadline: 12 minutes later (past the seal's 60 s skew allowance) it is gone,
    // where an active write would have given it 30 more minutes.
    clock.advance(12 * MIN);
    assert.equal((await request(app).get('/read').set('Cookie', cookieOf(written))).body.user, null);
  });

  test('ACT-03: passive polling does not keep a session alive past its idle timeout', async () => {
    const { app, clock } = setup();
    const cookie = cookieOf(await request(app).post('/login'));
    // At 10, 20 and 30 minutes (the deadline, inside the 60 s skew allowance) alive; at 40 gone.
    for (let i = 0; i < 4; i++) {
      clock.advance(10 * MIN);
      assert.equal((await request(app).get('/poll').set('Cookie', cookie)).body.user, i < 3 ? 'u1' : null);
    }
  });

  test('ACT-04: a rolling route re-seals at once, inside touchAfter, with a full idle deadline', async () => {
    const { app, clock } = setup();
    const cookie = cookieOf(await request(app).post('/login'));
    clock.advance(MIN);
    assert.equal((await request(app).get('/read').set('Cookie', cookie)).headers['set-cookie'], undefined);
    const rolled = await request(app).get('/keepalive').set('Cookie', cookie);
    assert.equal(maxAge(rolled.headers['set-cookie']![0]!), IDLE / 1000);
    const viaMethod = await request(app).get('/as?a=rolling').set('Cookie', cookie);
    assert.equal(viaMethod.headers['set-cookie']?.length, 1);
    const bad = await request(app).get('/as?a=sometimes').set('Cookie', cookie);
    assert.equal(bad.status, 500);
    assert.equal(bad.body.code, 'ERR_SESSION_VALUE');
  });

  test('ACT-07: an activity option that is not a function is refused at construction; setActivity is a reserved name', async () => {
    assert.throws(() => cookieSession({ keys: [KEY], activity: 'rolling' as never }), SessionOptionsError);
    const app = express();
    app.use(cookieSession({ keys: [KEY] }));
    app.get('/', (req, res) => {
      assert.throws(() => ((req.session as unknown as Record<string, unknown>).setActivity = 1), { code: 'ERR_SESSION_VALUE' });
      res.json({ ok: true });
    });
    await request(app).get('/').expect(200);
  });
});
