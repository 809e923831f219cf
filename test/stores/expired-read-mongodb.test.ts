import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toDocument } from '../../src/stores/mongodb/document.js';
import { recordingCollectionMock } from '../../src/stores/mongodb/recording-collection-mock.js';
import { MongoStore } from '../../src/stores/mongodb/store.js';
import type { SessionRecord } from '../../src/types.js';

// TEST-ONLY MOCK: there is no MongoDB server on the build machines, so this checks only the filter
// MongoStore sends for `includeExpired` (recordingCollectionMock); test/stores/mongodb.test.ts runs
// the conformance suite, including the includeExpired cases, when MONGODB_URL is set.

const NOW = 1_800_000_000_000;
const KEY = 'b'.repeat(64);
const expired: SessionRecord = { data: { cart: ['x'] }, expiresAt: NOW - 1000, createdAt: NOW - 60_000, lastSeenAt: NOW - 30_000, userId: 'u1', userAgent: 'UA' };

function setup() {
  const mock = recordingCollectionMock({ findOne: async () => ({ _id: KEY, ...toDocument(expired) }) });
  return { mock, store: new MongoStore({ collection: mock.collection }, { now: () => NOW, createIndexes: false }) };
}

test('STO-02: includeExpired finds the document by _id alone and returns it though expired (mock)', async () => {
  const { mock, store } = setup();
  assert.deepEqual(await store.get(KEY, { includeExpired: true }), expired);
  assert.deepEqual(mock.argsOf('findOne'), [[{ _id: KEY }]]);
});

test('STO-02: without includeExpired the filter and the re-check still hide an expired document (mock)', async () => {
  const { mock, store } = setup();
  assert.equal(await store.get(KEY), null);
  assert.deepEqual(mock.argsOf('findOne'), [[{ _id: KEY, expiresAt: { $gt: new Date(NOW) } }]]);
});

test('includeExpired still refuses a non-string key before it reaches a filter (mock)', async () => {
  const { mock, store } = setup();
  await assert.rejects(store.get({ $ne: '' } as never, { includeExpired: true }), { name: 'SessionStoreError' });
  assert.deepEqual(mock.argsOf('findOne'), []);
});
