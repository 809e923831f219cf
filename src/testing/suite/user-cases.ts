import assert from 'node:assert/strict';
import type { SessionInfo } from '../../types.js';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, sorted, type AddCase } from './kit.js';

const byKey = (info: SessionInfo) => info.key;

/** Per-user index: list metadata, destroy all or all but one, follow rebinding (TM-04/TM-05). */
export function userCases(add: AddCase): void {
  add(
    'TM-05: listByUser returns metadata of live sessions only, never data or ids',
    async ({ store, clock }) => {
      const user = `user-${randomKey(12)}`;
      const [a, b, expiring, other, anonymous] = [randomKey(), randomKey(), randomKey(), randomKey(), randomKey()];
      const recA = makeRecord(clock, { secret: 'A' }, { userId: user, userAgent: 'Firefox' });
      clock.advance(10);
      const recB = makeRecord(clock, { secret: 'B' }, { userId: user, userAgent: null });
      await seed(store, a, recA);
      await seed(store, b, recB);
      await seed(store, expiring, makeRecord(clock, { secret: 'E' }, { userId: user, expiresAt: clock.now() + SHORT_MS }));
      await seed(store, other, makeRecord(clock, { secret: 'O' }, { userId: `${user}-other` }));
      await seed(store, anonymous, makeRecord(clock, { secret: 'N' }));
      clock.advance(EXPIRE_JUMP_MS);

      const list = await store.listByUser!(user);
      for (const info of list) assert.deepEqual(Object.keys(info).sort(), ['createdAt', 'expiresAt', 'key', 'lastSeenAt', 'userAgent']);
      assert.deepEqual(
        sorted(list, byKey),
        sorted(
          [
            { key: a, createdAt: recA.createdAt, lastSeenAt: recA.lastSeenAt, expiresAt: recA.expiresAt, userAgent: 'Firefox' },
            { key: b, createdAt: recB.createdAt, lastSeenAt: recB.lastSeenAt, expiresAt: recB.expiresAt, userAgent: null },
          ],
          byKey,
        ),
      );
      assert.deepEqual(await store.listByUser!(`nobody-${randomKey(8)}`), []);
    },
    ['listByUser'],
  );

  add(
    'TM-04: destroyByUser destroys every session of the user and only those',
    async ({ store, clock }) => {
      const user = `user-${randomKey(12)}`;
      const mine = [randomKey(), randomKey(), randomKey()];
      const other = randomKey();
      for (const key of mine) await seed(store, key, makeRecord(clock, { k: key }, { userId: user }));
      await seed(store, other, makeRecord(clock, { k: other }, { userId: `${user}-other` }));
      assert.equal(await store.destroyByUser!(user), 3);
      for (const key of mine) assert.equal(await store.get(key), null);
      assert.notEqual(await store.get(other), null);
      assert.equal(await store.destroyByUser!(user), 0);
    },
    ['destroyByUser'],
  );

  add(
    'TM-04: destroyByUser with exceptKey keeps the current session',
    async ({ store, clock }) => {
      const user = `user-${randomKey(12)}`;
      const [current, s2, s3] = [randomKey(), randomKey(), randomKey()];
      for (const key of [current, s2, s3]) await seed(store, key, makeRecord(clock, { k: key }, { userId: user }));
      assert.equal(await store.destroyByUser!(user, { exceptKey: current }), 2);
      assert.deepEqual((await store.get(current))?.data, { k: current });
      assert.equal(await store.get(s2), null);
      assert.equal(await store.get(s3), null);
      // Nothing left to destroy but the kept one.
      assert.equal(await store.destroyByUser!(user, { exceptKey: current }), 0);
    },
    ['destroyByUser'],
  );

  add(
    'TM-04/TM-05: an update that changes userId moves the session between users; destroy drops it from the index',
    async ({ store, clock }) => {
      const [alice, bob] = [`alice-${randomKey(8)}`, `bob-${randomKey(8)}`];
      const key = randomKey();
      const gone = randomKey();
      const record = makeRecord(clock, {}, { userId: alice });
      await seed(store, key, record);
      await seed(store, gone, makeRecord(clock, {}, { userId: alice }));
      await store.destroy(gone);
      assert.deepEqual((await store.listByUser!(alice)).map(byKey), [key]);

      assert.equal(await store.update(key, { set: {}, unset: [], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt, userId: bob }), true);
      assert.deepEqual(await store.listByUser!(alice), []);
      assert.deepEqual((await store.listByUser!(bob)).map(byKey), [key]);

      assert.equal(await store.update(key, { set: {}, unset: [], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt, userId: null }), true);
      assert.deepEqual(await store.listByUser!(bob), []);
      assert.notEqual(await store.get(key), null);
    },
    ['listByUser'],
  );

  add(
    'TM-04: after a rebind, destroyByUser of the old user leaves the moved session alone',
    async ({ store, clock }) => {
      const [alice, bob] = [`alice-${randomKey(8)}`, `bob-${randomKey(8)}`];
      const key = randomKey();
      const record = makeRecord(clock, { v: 1 }, { userId: alice });
      await seed(store, key, record);
      await store.update(key, { set: {}, unset: [], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt, userId: bob });
      assert.equal(await store.destroyByUser!(alice), 0);
      assert.notEqual(await store.get(key), null);
      assert.equal(await store.destroyByUser!(bob), 1);
      assert.equal(await store.get(key), null);
    },
    ['destroyByUser'],
  );
}
