/**
 * Per-route activity with `session()` on a real store (SQLite) and a fake clock: a passive
 * request leaves the record's `expiresAt`/`lastSeenAt` and the cookie alone, even when it writes;
 * a rolling one re-issues the cookie and moves the deadline at once, past `touchAfter`.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import express from 'express';
import request from 'supertest';
import { session, SessionOptionsError, type SessionActivity } from '../../src/index.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { hashStoreKey } from '../../src/crypto/ids.js';
import { SECRET, manualClock } from '../engine/helpers.js';

const MIN = 60_000;
const timeouts = { idle: 30 * MIN, absolute: 12 * 60 * MIN };

function setup(extra: { rolling?: boolean } = {}) {
  const clock = manualClock();
  const db = new Database(':memory:');
  const store = new SqliteStore({ db, now: clock.now, pruneInterval: 0 });
  const app = express();
  app.use(
    session({
      secret: SECRET,
      store,
      now: clock.now,
      timeouts,
      touchAfter: MIN,
      ...extra,
      activity: (req) => (req.path.startsWith('/poll') ? 'passive' : req.path.startsWith('/keepalive') ? 'rolling' : undefined),
    }),
  );
  const data = (req: express.Request) => req.session as unknown as Record<string, unknown>;
  app.post('/login', (req, res) => {
    data(req).user = 'u1';
    res.json({ id: req.session.id });
  });
  app.get('/poll', (req, res) => res.json({ user: data(req).user ?? null }));
  app.post('/poll/write', (req, res) => {
    data(req).polled = ((data(req).polled as number | undefined) ?? 0) + 1;
    res.json({ ok: true });
  });
  app.get('/keepalive', (_req, res) => res.json({ ok: true }));
  app.get('/read', (req, res) => res.json({ user: data(req).user ?? null }));
  app.get('/as', (req, res) => {
    req.session.setActivity(String(req.query.a) as SessionActivity);
    res.json({ user: data(req).user ?? null });
  });
  app.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: error.code });
  });
  const closers = [() => store.close(), () => db.close()];
  return {
    app,
    clock,
    record: async (id: string) => (await store.get(hashStoreKey(id)))!,
    close: async () => {
      for (const close of closers) await close();
    },
  };
}

async function login(app: express.Express) {
  const res = await request(app).post('/login');
  return { id: res.body.id as string, cookie: res.headers['set-cookie']![0]!.split(';')[0]! };
}

describe('per-route activity, session() on SqliteStore', () => {
  const opened: Array<() => Promise<void>> = [];
  after(async () => {
    for (const close of opened) await close();
  });
  const open = (extra?: { rolling?: boolean }) => {
    const s = setup(extra);
    opened.push(s.close);
    return s;
  };

  test('ACT-01: a passive read past touchAfter leaves expiresAt, lastSeenAt and the cookie unchanged', async () => {
    const { app, clock, record } = open();
    const { id, cookie } = await login(app);
    const before = await record(id);
    clock.advance(10 * MIN);
    const res = await request(app).get('/poll').set('Cookie', cookie);
    assert.equal(res.body.user, 'u1');
    assert.equal(res.headers['set-cookie'], undefined);
    const afterPoll = await record(id);
    assert.equal(afterPoll.expiresAt, before.expiresAt);
    assert.equal(afterPoll.lastSeenAt, before.lastSeenAt);
    // The same request without the switch touches the record: the contrast the switch is for.
    await request(app).get('/read').set('Cookie', cookie);
    assert.equal((await record(id)).lastSeenAt, before.lastSeenAt + 10 * MIN);
  });

  test('ACT-02: a passive write is saved under the deadline it came with, and sends no cookie', async () => {
    const { app, clock, record } = open({ rolling: true });
    const { id, cookie } = await login(app);
    const before = await record(id);
    clock.advance(10 * MIN);
    const res = await request(app).post('/poll/write').set('Cookie', cookie);
    assert.equal(res.headers['set-cookie'], undefined, 'not even rolling: true re-issues it');
    const saved = await record(id);
    assert.equal(saved.data.polled, 1);
    assert.equal(saved.expiresAt, before.expiresAt);
    assert.equal(saved.lastSeenAt, before.lastSeenAt);
  });

  test('ACT-03: passive polling does not keep a session alive past its idle timeout', async () => {
    const { app, clock } = open();
    const { cookie } = await login(app);
    for (let i = 0; i < 4; i++) {
      clock.advance(8 * MIN);
      assert.equal((await request(app).get('/poll').set('Cookie', cookie)).body.user, i < 3 ? 'u1' : null);
    }
  });

  test('ACT-04: a rolling route re-issues the cookie and moves the deadline at once, inside touchAfter', async () => {
    const { app, clock, record } = open();
    const { id, cookie } = await login(app);
    const before = await record(id);
    clock.advance(10_000);
    // Inside touchAfter: an active read writes nothing and sends no cookie...
    const plain = await request(app).get('/read').set('Cookie', cookie);
    assert.equal(plain.headers['set-cookie'], undefined);
    assert.equal((await record(id)).expiresAt, before.expiresAt);
    // ...a rolling one does both.
    const rolled = await request(app).get('/keepalive').set('Cookie', cookie);
    assert.equal(rolled.headers['set-cookie']?.length, 1);
    assert.equal((await record(id)).expiresAt, before.expiresAt + 10_000);
    assert.equal((await record(id)).lastSeenAt, before.lastSeenAt + 10_000);
  });

  test("ACT-04: req.session.setActivity() overrides the option's answer for the request", async () => {
    const { app, clock, record } = open();
    const { id, cookie } = await login(app);
    const before = await record(id);
    clock.advance(10 * MIN);
    assert.equal((await request(app).get('/as?a=passive').set('Cookie', cookie)).headers['set-cookie'], undefined);
    assert.equal((await record(id)).lastSeenAt, before.lastSeenAt);
    const rolled = await request(app).get('/as?a=rolling').set('Cookie', cookie);
    assert.equal(rolled.headers['set-cookie']?.length, 1);
    assert.equal((await record(id)).lastSeenAt, before.lastSeenAt + 10 * MIN);
    const bad = await request(app).get('/as?a=idle').set('Cookie', cookie);
    assert.equal(bad.status, 500);
    assert.equal(bad.body.code, 'ERR_SESSION_VALUE');
  });

  test('ACT-07: an activity option that is not a function is refused at construction', () => {
    assert.throws(() => session({ secret: SECRET, activity: 'passive' as never }), SessionOptionsError);
  });
});
