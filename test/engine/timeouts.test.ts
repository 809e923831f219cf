import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { SessionRecord } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, makeApp, manualClock, recordEvents, sessionCookie, standardRoutes } from './helpers.js';

const MIN = 60_000;
const timeouts = { idle: 30 * MIN, absolute: 120 * MIN };
// A store whose own clock never advances: it returns records past their deadline, so these tests
// prove the engine's own checks (TO-03) rather than MemoryStore's purge.
const laggingStore = () => new MemoryStore({ now: () => 0, sweepInterval: 0 });

for (const [label, express] of EXPRESS) {
  describe(`server-side timeouts (${label})`, () => {
    test('TO-01: no activity for idle + 1 ms → anonymous, expired {reason: idle}', async () => {
      const clock = manualClock();
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store: laggingStore() }, standardRoutes);
      const events = recordEvents(mw);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(30 * MIN - 1);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 2);
      clock.advance(30 * MIN + 1);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
      assert.ok(events.some((e) => e.event === 'expired' && (e.payload as { reason: string }).reason === 'idle'));
    });

    test('TO-02: activity cannot extend the absolute timeout', async () => {
      const clock = manualClock();
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store: laggingStore() }, standardRoutes);
      const events = recordEvents(mw);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      let count = 1;
      for (let elapsed = 0; elapsed + 20 * MIN < 120 * MIN; elapsed += 20 * MIN) {
        clock.advance(20 * MIN);
        count = (await request(app).get('/write').set('Cookie', cookie)).body.count;
      }
      assert.equal(count, 6, 'alive while active, before the absolute bound');
      clock.advance(20 * MIN);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
      assert.ok(events.some((e) => e.event === 'expired' && (e.payload as { reason: string }).reason === 'absolute'));
    });

    test('TO-03: a record the store still returns after expiresAt is refused and deleted', async () => {
      const clock = manualClock();
      const lagging = laggingStore();
      const { app } = makeApp(express, { now: clock.now, timeouts, store: lagging }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(31 * MIN);
      const res = await request(app).get('/write').set('Cookie', cookie);
      assert.equal(res.body.count, 1);
      const records = (await lagging.all()) as Array<{ record: SessionRecord }>;
      assert.equal(records.length, 1, 'only the new session remains');
    });

    test('TO-01: with a store that purges by itself the session is anonymous too', async () => {
      const clock = manualClock();
      const { app } = makeApp(express, { now: clock.now, timeouts, store: new MemoryStore({ now: clock.now, sweepInterval: 0 }) }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(30 * MIN + 1);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
    });

    test('presets: "high" is 15 min idle', async () => {
      const clock = manualClock();
      const { app } = makeApp(express, { now: clock.now, timeouts: 'high', store: new MemoryStore({ now: clock.now, sweepInterval: 0 }) }, standardRoutes);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(16 * MIN);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
    });
  });
}
