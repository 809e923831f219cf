import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SessionRecord } from '../../types.js';
import { toDocument } from './document.js';
import { cursorOf, duplicateKeyError, recordingCollectionMock } from './recording-collection-mock.js';
import { MongoStore } from './store.js';

// Every test here runs against recordingCollectionMock: it checks what the store SENDS, not what
// MongoDB does with it (see docs/mongodb-testing.md for the real-server path).

const NOW = 1_800_000_000_000;
const KEY = 'a'.repeat(64);
const now = () => NOW;
const live = { _id: KEY, expiresAt: { $gt: new Date(NOW) } };

function setup(script?: Parameters<typeof recordingCollectionMock>[0]) {
  const mock = recordingCollectionMock(script);
  const store = new MongoStore({ collection: mock.collection }, { now, createIndexes: false });
  return { mock, store };
}

function record(extra: Partial<SessionRecord> = {}): SessionRecord {
  return { data: { cart: ['x'] }, expiresAt: NOW + 60_000, createdAt: NOW, lastSeenAt: NOW, userId: 'u1', userAgent: 'UA', ...extra };
}

async function rejectsWithStoreError(promise: Promise<unknown>, operation: string, code = 'ERR_SESSION_STORE'): Promise<Error> {
  let caught: unknown;
  await assert.rejects(promise, (error: unknown) => {
    caught = error;
    return true;
  });
  const e = caught as { name?: string; code?: string; operation?: string };
  assert.equal(e.name, 'SessionStoreError');
  assert.equal(e.code, code);
  assert.equal(e.operation, operation);
  return caught as Error;
}

describe('MongoStore commands (recordingCollectionMock)', () => {
  test('STO-02: get filters on _id and expiresAt > now and decodes the document', async () => {
    const rec = record();
    const { mock, store } = setup({ findOne: async () => ({ _id: KEY, ...toDocument(rec) }) });
    assert.deepEqual(await store.get(KEY), rec);
    assert.deepEqual(mock.argsOf('findOne'), [[live]]);
  });

  test('STO-02: get re-checks expiresAt when the backend returns an expired document', async () => {
    const { store } = setup({ findOne: async () => ({ _id: KEY, ...toDocument(record({ expiresAt: NOW })) }) });
    assert.equal(await store.get(KEY), null);
  });

  test('get of a missing document resolves to null', async () => {
    const { store } = setup();
    assert.equal(await store.get(KEY), null);
  });

  test('STO-01: create inserts the whole document under _id = key', async () => {
    const rec = record();
    const { mock, store } = setup();
    assert.equal(await store.create(KEY, rec), true);
    assert.deepEqual(mock.operations(), [{ method: 'insertOne', args: [{ _id: KEY, ...toDocument(rec) }] }]);
  });

  test('STO-01: create over a taken key replaces only an expired holder (conditional upsert)', async () => {
    const rec = record();
    const { mock, store } = setup({ insertOne: async () => Promise.reject(duplicateKeyError()) });
    assert.equal(await store.create(KEY, rec), true);
    assert.deepEqual(mock.argsOf('replaceOne'), [[{ _id: KEY, expiresAt: { $lte: new Date(NOW) } }, toDocument(rec), { upsert: true }]]);
  });

  test('STO-01: create resolves false when a live holder makes the conditional upsert collide too', async () => {
    const { mock, store } = setup({
      insertOne: async () => Promise.reject(duplicateKeyError()),
      replaceOne: async () => Promise.reject(duplicateKeyError()),
    });
    assert.equal(await store.create(KEY, record()), false);
    assert.deepEqual(mock.operations().map((c) => c.method), ['insertOne', 'replaceOne']);
  });

  test('create: a driver error other than a duplicate key is a SessionStoreError with cause, and nothing is replaced', async () => {
    const cause = Object.assign(new Error('not primary'), { code: 10107 });
    const { mock, store } = setup({ insertOne: async () => Promise.reject(cause) });
    const error = await rejectsWithStoreError(store.create(KEY, record()), 'create');
    assert.equal(error.cause, cause);
    assert.deepEqual(mock.argsOf('replaceOne'), []);
  });

  test('TM-03: update is update-only: live filter, $set/$unset of changed keys, no upsert option', async () => {
    const { mock, store } = setup();
    const patch = { set: { cart: [1, 2], 'a.b': null }, unset: ['old'], expiresAt: NOW + 9, lastSeenAt: NOW + 1, userId: 'u2' };
    assert.equal(await store.update(KEY, patch), true);
    assert.deepEqual(mock.argsOf('updateOne'), [
      [
        live,
        {
          $set: { 'data.cart': '[1,2]', 'data.a%2Eb': 'null', expiresAt: new Date(NOW + 9), lastSeenAt: new Date(NOW + 1), userId: 'u2' },
          $unset: { 'data.old': '' },
        },
      ],
    ]);
  });

  test('TM-03: update resolves false when no live document matched', async () => {
    const { store } = setup({ updateOne: async () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }) });
    assert.equal(await store.update(KEY, { set: { a: 1 }, unset: [], expiresAt: NOW + 1, lastSeenAt: NOW }), false);
  });

  test('update counts a matched but unchanged document as applied (matchedCount, not modifiedCount)', async () => {
    const { store } = setup({ updateOne: async () => ({ acknowledged: true, matchedCount: 1, modifiedCount: 0, upsertedCount: 0, upsertedId: null }) });
    assert.equal(await store.update(KEY, { set: {}, unset: [], expiresAt: NOW + 1, lastSeenAt: NOW }), true);
  });

  test('TM-03: touch sets only the times on a live document, without upsert; a miss resolves', async () => {
    const { mock, store } = setup({ updateOne: async () => ({ acknowledged: true, matchedCount: 0, modifiedCount: 0, upsertedCount: 0, upsertedId: null }) });
    assert.equal(await store.touch(KEY, NOW + 100, NOW + 2), undefined);
    assert.deepEqual(mock.argsOf('updateOne'), [[live, { $set: { expiresAt: new Date(NOW + 100), lastSeenAt: new Date(NOW + 2) } }]]);
  });

  test('destroy deletes by _id only', async () => {
    const { mock, store } = setup({ deleteOne: async () => ({ acknowledged: true, deletedCount: 0 }) });
    await store.destroy(KEY);
    assert.deepEqual(mock.operations(), [{ method: 'deleteOne', args: [{ _id: KEY }] }]);
  });

  test('TM-05: listByUser queries live sessions of the user with a metadata-only projection', async () => {
    const doc = { _id: KEY, createdAt: new Date(NOW), lastSeenAt: new Date(NOW + 1), expiresAt: new Date(NOW + 2), userAgent: null };
    const { mock, store } = setup({ find: () => cursorOf([doc]) });
    assert.deepEqual(await store.listByUser('u1'), [{ key: KEY, createdAt: NOW, lastSeenAt: NOW + 1, expiresAt: NOW + 2, userAgent: null }]);
    assert.deepEqual(mock.argsOf('find'), [
      [{ userId: 'u1', expiresAt: { $gt: new Date(NOW) } }, { projection: { _id: 1, createdAt: 1, lastSeenAt: 1, expiresAt: 1, userAgent: 1 } }],
    ]);
  });

  test('TM-04: destroyByUser deletes the live sessions of the user, except exceptKey, and returns the count', async () => {
    const { mock, store } = setup({ deleteMany: async () => ({ acknowledged: true, deletedCount: 2 }) });
    assert.equal(await store.destroyByUser('u1'), 2);
    assert.equal(await store.destroyByUser('u1', { exceptKey: KEY }), 2);
    assert.deepEqual(mock.argsOf('deleteMany'), [
      [{ userId: 'u1', expiresAt: { $gt: new Date(NOW) } }],
      [{ userId: 'u1', expiresAt: { $gt: new Date(NOW) }, _id: { $ne: KEY } }],
    ]);
  });

  test('all, ids and length cover live documents only', async () => {
    const rec = record();
    const { mock, store } = setup({
      find: (_filter, options) => cursorOf(options === undefined ? [{ _id: KEY, ...toDocument(rec) }] : [{ _id: KEY }]),
      countDocuments: async () => 1,
    });
    assert.deepEqual(await store.all(), [{ key: KEY, record: rec }]);
    assert.deepEqual(await store.ids(), [KEY]);
    assert.equal(await store.length(), 1);
    const liveOnly = { expiresAt: { $gt: new Date(NOW) } };
    assert.deepEqual(mock.operations(), [
      { method: 'find', args: [liveOnly] },
      { method: 'find', args: [liveOnly, { projection: { _id: 1 } }] },
      { method: 'countDocuments', args: [liveOnly] },
    ]);
  });

  test('clear empties this collection only; prune deletes expired documents and returns the count', async () => {
    const { mock, store } = setup({ deleteMany: async () => ({ acknowledged: true, deletedCount: 3 }) });
    await store.clear();
    assert.equal(await store.prune(), 3);
    assert.deepEqual(mock.argsOf('deleteMany'), [[{}], [{ expiresAt: { $lte: new Date(NOW) } }]]);
  });

  test('a key or user id that is not a string never reaches a filter (no operator injection)', async () => {
    const { mock, store } = setup();
    const hostile = { $ne: '' } as unknown as string;
    for (const [operation, run] of [
      ['get', () => store.get(hostile)],
      ['create', () => store.create(hostile, record())],
      ['update', () => store.update(hostile, { set: {}, unset: [], expiresAt: NOW, lastSeenAt: NOW })],
      ['touch', () => store.touch(hostile, NOW, NOW)],
      ['destroy', () => store.destroy(hostile)],
      ['listByUser', () => store.listByUser(hostile)],
      ['destroyByUser', () => store.destroyByUser(hostile)],
      ['destroyByUser', () => store.destroyByUser('u1', { exceptKey: hostile })],
    ] as const) {
      const error = await rejectsWithStoreError(run(), operation);
      assert.ok(error.cause instanceof TypeError);
    }
    assert.deepEqual(mock.operations(), []);
  });

  test('a driver failure becomes a SessionStoreError naming the operation, with the driver error as cause', async () => {
    const cause = Object.assign(new Error('connection 3 to 127.0.0.1:27017 closed'), { name: 'MongoNetworkError' });
    const { store } = setup({ findOne: async () => Promise.reject(cause), countDocuments: async () => Promise.reject(cause) });
    assert.equal((await rejectsWithStoreError(store.get(KEY), 'get')).cause, cause);
    assert.equal((await rejectsWithStoreError(store.length(), 'length')).cause, cause);
  });

  test('a document satchel did not write fails the read with a SessionStoreError instead of guessing', async () => {
    const { store } = setup({ findOne: async () => ({ _id: KEY, ...toDocument(record()), v: 99 }) });
    await rejectsWithStoreError(store.get(KEY), 'get');
  });

  test('a backend that never answers fails with ERR_SESSION_STORE_TIMEOUT', async () => {
    const mock = recordingCollectionMock({ findOne: () => new Promise(() => {}), updateOne: () => new Promise(() => {}) });
    const store = new MongoStore({ collection: mock.collection }, { now, createIndexes: false, operationTimeout: 20 });
    // storeOperation unrefs its deadline timer and the mock holds no socket: keep the loop alive.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      await rejectsWithStoreError(store.get(KEY), 'get', 'ERR_SESSION_STORE_TIMEOUT');
      await rejectsWithStoreError(store.touch(KEY, NOW, NOW), 'touch', 'ERR_SESSION_STORE_TIMEOUT');
    } finally {
      clearInterval(keepAlive);
    }
  });

  test('close is idempotent and never closes the user client', async () => {
    const { mock, store } = setup();
    await store.close();
    await store.close();
    assert.deepEqual(mock.calls, []);
  });
});
