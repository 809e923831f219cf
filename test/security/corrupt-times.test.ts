/**
 * TO-03 hardening: a store record whose times are not real instants (NaN, ±Infinity — a corrupt
 * row, a foreign writer, a JSON round trip of NaN) must end the session, never make it immortal.
 * `now >= NaN` is false, so a naive expiry check would keep such a session forever.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { SessionGetOptions, SessionRecord } from '../../src/types.js';
import { manualClock, mustIssue, serverApp } from './support/apps.js';

type TimeField = 'expiresAt' | 'createdAt' | 'lastSeenAt';

/**
 * MOCK of a corrupt backend: a real MemoryStore whose reads return one time field replaced. A
 * real store refuses to write such values, so the fault cannot be provoked through one.
 */
class CorruptTimesStore extends MemoryStore {
  corrupt: { field: TimeField; value: number } | null = null;

  override async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    const record = await super.get(key, options);
    if (!record || !this.corrupt) return record;
    return { ...record, [this.corrupt.field]: this.corrupt.value };
  }
}

describe('session(): records with non-finite times', () => {
  for (const field of ['expiresAt', 'createdAt', 'lastSeenAt'] as const) {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      test(`TO-03: ${field} = ${value} reads as expired — anonymous session, an expired event, the record discarded`, async () => {
        const clock = manualClock();
        const store = new CorruptTimesStore({ sweepInterval: 0, now: clock.now });
        const s = serverApp({ store, now: clock.now });
        const value1 = mustIssue(await request(s.app).get('/write'), 'sid');
        assert.equal(await store.length(), 1);
        store.corrupt = { field, value };
        const res = await request(s.app).get('/read').set('Cookie', `sid=${value1}`);
        assert.equal(res.status, 200);
        assert.deepEqual(res.body.data, {}, 'the session did not survive');
        assert.deepEqual(
          s.events.filter((e) => e.event === 'expired').length,
          1,
          JSON.stringify(s.events.map((e) => e.event)),
        );
        assert.equal(await store.length(), 0, 'the corrupt record is deleted');
      });
    }
  }

  test('TO-03: reload() of a record whose expiresAt turned NaN rejects with ERR_SESSION_DESTROYED', async () => {
    const clock = manualClock();
    const store = new CorruptTimesStore({ sweepInterval: 0, now: clock.now });
    const s = serverApp({ store, now: clock.now }, (app) =>
      app.get('/reload', async (req, res) => {
        store.corrupt = { field: 'expiresAt', value: Number.NaN };
        try {
          await req.session.reload();
          res.send('reloaded');
        } catch (error) {
          res.send((error as { code?: string }).code);
        }
      }),
    );
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    assert.equal((await request(s.app).get('/reload').set('Cookie', `sid=${value}`)).text, 'ERR_SESSION_DESTROYED');
  });
});
