import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import type { createClient } from 'redis';
import request from 'supertest';
import { generateId, hashStoreKey } from '../../src/crypto/ids.js';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { RedisStore } from '../../src/stores/redis.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import type { SessionStore } from '../../src/types.js';
import { connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { uniqueName } from '../support/servers.js';
import { EXPRESS, SECRET, makeApp, manualClock, recordEvents, sessionCookie, standardRoutes } from './helpers.js';

const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

// Store mode reports a session that ended by timeout as `expired` (not `rejected: unknown_id`):
// the engine reads with `includeExpired`, and stores keep expired records until they purge them.

const MIN = 60_000;
const timeouts = { idle: 30 * MIN, absolute: 120 * MIN };
type Events = ReturnType<typeof recordEvents>;
type Clock = ReturnType<typeof manualClock>;

/** The session id inside a `sid=s%3A<id>.<sig>` cookie pair. */
function idOf(cookie: string): string {
  const value = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1)).slice(2);
  return value.slice(0, value.lastIndexOf('.'));
}

const named = (events: Events, name: string) => events.filter((e) => e.event === name).map((e) => e.payload as Record<string, unknown>);

/**
 * Runs the idle-timeout story on one app: create, let it time out, come back. Asserts one `expired`
 * {reason: 'idle'} for the same session `created` reported, no `rejected`, a fresh session under a
 * new id, and the old record gone from the store, even for a read that asks for expired records.
 */
async function idleStory(app: Parameters<typeof request>[0], store: SessionStore, clock: Clock, events: Events): Promise<void> {
  const cookie = sessionCookie(await request(app).get('/write'))!;
  const [created] = named(events, 'created');
  clock.advance(timeouts.idle + 1);
  const back = await request(app).get('/write').set('Cookie', cookie);
  assert.equal(back.status, 200);
  assert.equal(back.body.count, 1, 'a fresh session, none of the old data');
  assert.deepEqual(named(events, 'expired'), [{ session: created!.session, reason: 'idle' }]);
  assert.deepEqual(named(events, 'rejected'), []);
  const next = sessionCookie(back)!;
  assert.notEqual(idOf(next), idOf(cookie), 'the old id is never adopted (SID-03)');
  assert.equal(await store.get(hashStoreKey(idOf(cookie)), { includeExpired: true }), null, 'the expired record was deleted');
  assert.notEqual(await store.get(hashStoreKey(idOf(next))), null);
}

for (const [label, express] of EXPRESS) {
  describe(`expired events in store mode, MemoryStore (${label})`, () => {
    const setup = () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepInterval: 0 });
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store }, standardRoutes);
      return { app, store, clock, events: recordEvents(mw) };
    };

    test('TO-01: an idle timeout → one expired {reason: idle}, record deleted, fresh session', async () => {
      const { app, store, clock, events } = setup();
      await idleStory(app, store, clock, events);
      assert.equal(store.size, 1, 'only the new session is held');
    });

    test('TO-02: the absolute timeout → expired {reason: absolute}, however active the session was', async () => {
      const { app, store, clock, events } = setup();
      const cookie = sessionCookie(await request(app).get('/write'))!;
      for (let elapsed = 20 * MIN; elapsed < timeouts.absolute; elapsed += 20 * MIN) {
        clock.advance(20 * MIN);
        assert.notEqual((await request(app).get('/write').set('Cookie', cookie)).body.count, 1, `still alive at ${elapsed / MIN} min`);
      }
      clock.advance(20 * MIN);
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
      assert.deepEqual(named(events, 'expired').map((e) => e.reason), ['absolute']);
      assert.deepEqual(named(events, 'rejected'), []);
      assert.equal(await store.get(hashStoreKey(idOf(cookie)), { includeExpired: true }), null);
    });

    test('SID-04: a validly signed, never-issued id → rejected unknown_id, no expired', async () => {
      const { app, events } = setup();
      const cookie = `sid=${encodeURIComponent(`s:${sign(generateId(), SECRET)}`)}`;
      assert.equal((await request(app).get('/write').set('Cookie', cookie)).body.count, 1);
      assert.deepEqual(named(events, 'rejected').map((e) => e.reason), ['unknown_id']);
      assert.deepEqual(named(events, 'expired'), []);
    });

    test('TM-01: a destroyed session replayed later → unknown_id, never expired', async () => {
      const { app, clock, events } = setup();
      const cookie = sessionCookie(await request(app).get('/write'))!;
      await request(app).get('/destroy').set('Cookie', cookie);
      clock.advance(timeouts.idle + 1);
      await request(app).get('/read').set('Cookie', cookie);
      assert.deepEqual(named(events, 'rejected').map((e) => e.reason), ['unknown_id']);
      assert.deepEqual(named(events, 'expired'), []);
    });

    test('the expired cookie replayed again → expired once, then unknown_id', async () => {
      const { app, clock, events } = setup();
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(timeouts.idle + 1);
      await request(app).get('/read').set('Cookie', cookie);
      await request(app).get('/read').set('Cookie', cookie);
      assert.deepEqual(named(events, 'expired').map((e) => e.reason), ['idle']);
      assert.deepEqual(named(events, 'rejected').map((e) => e.reason), ['unknown_id']);
    });

    test('a failing delete of the expired record is an error event, never a failed request (fault-injection mock)', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepInterval: 0 });
      // MOCK: a delete that fails only for this one record cannot be provoked on a real backend.
      let failDestroy = false;
      const realDestroy = store.destroy.bind(store);
      store.destroy = async (key) => {
        if (failDestroy) throw new Error('simulated backend failure');
        return realDestroy(key);
      };
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store }, standardRoutes);
      const events = recordEvents(mw);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(timeouts.idle + 1);
      failDestroy = true;
      const res = await request(app).get('/write').set('Cookie', cookie);
      assert.equal(res.status, 200);
      assert.equal(res.body.count, 1);
      assert.deepEqual(named(events, 'expired').map((e) => e.reason), ['idle']);
      const errors = named(events, 'error').map((e) => e.error as { name?: string; code?: string; operation?: string });
      assert.deepEqual(errors.map((e) => [e.name, e.code, e.operation]), [['SessionStoreError', 'ERR_SESSION_STORE', 'destroy']]);
    });
  });

  describe(`expired events in store mode, real backends (${label})`, () => {
    let redis: TestRedis;
    const prefixes: RedisStore[] = [];
    before(async () => {
      redis = await connectStandalone('node-redis 5');
    });
    after(async () => {
      for (const store of prefixes) await store.clear();
      await redis?.quit();
    });

    test('TO-01: SqliteStore: an idle timeout → expired {reason: idle}, row deleted, fresh session', async () => {
      const db = new Database(':memory:');
      const clock = manualClock();
      const store = new SqliteStore({ db, now: clock.now, pruneInterval: 0 });
      try {
        const { app, mw } = makeApp(express, { now: clock.now, timeouts, store: store as never }, standardRoutes);
        await idleStory(app, store, clock, recordEvents(mw));
        assert.equal((db.prepare('SELECT COUNT(*) AS n FROM satchel_sessions').get() as { n: number }).n, 1, 'only the new row is left');
      } finally {
        await store.close();
        db.close();
      }
    });

    test('TO-01: RedisStore: a key past its real-time deadline is kept by expiredGrace and reported as expired', async () => {
      // The session is created so that its deadline is already 1 s in the real past once the clock
      // moves on: without the grace, Redis would have dropped the key.
      const clock = manualClock(Date.now() - timeouts.idle - 1000);
      const store = new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_expired')}:`, now: clock.now });
      prefixes.push(store);
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store: store as never }, standardRoutes);
      await idleStory(app, store, clock, recordEvents(mw));
      assert.equal((await store.ids()).length, 1, 'only the new session is left');
    });

    test('RedisStore with expiredGrace 0: the same timeout is an unknown id (Redis already dropped it)', async () => {
      const clock = manualClock(Date.now() - timeouts.idle - 1000);
      const prefix = `${uniqueName('satchel_expired')}:`;
      const store = new RedisStore({ client: redis.client, prefix, now: clock.now, expiredGrace: 0 });
      prefixes.push(store);
      const { app, mw } = makeApp(express, { now: clock.now, timeouts, store: store as never }, standardRoutes);
      const events = recordEvents(mw);
      const cookie = sessionCookie(await request(app).get('/write'))!;
      assert.equal(await (redis.client as ReturnType<typeof createClient>).exists(`${prefix}s:${hashStoreKey(idOf(cookie))}`), 0);
      clock.advance(timeouts.idle + 1);
      await request(app).get('/read').set('Cookie', cookie);
      assert.deepEqual(named(events, 'rejected').map((e) => e.reason), ['unknown_id']);
      assert.deepEqual(named(events, 'expired'), []);
    });
  });
}
