import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { SessionRecord, SessionStore } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, makeApp, sessionCookie, standardRoutes } from './helpers.js';

// MOCK (named as such): a backend that hands back a corrupt record for every read, in the shapes
// a broken or foreign store produces. With `sync`, it answers through getSync like MemoryStore.
function corruptingStore(real: MemoryStore, corrupt: (record: SessionRecord) => unknown, sync: boolean): SessionStore {
  const store: SessionStore = {
    get: async (key, options) => {
      const record = await real.get(key, options);
      return (record ? corrupt(record) : null) as SessionRecord | null;
    },
    create: (key, record) => real.create(key, record),
    update: (key, patch) => real.update(key, patch),
    destroy: (key) => real.destroy(key),
    touch: (key, expiresAt, lastSeenAt) => real.touch(key, expiresAt, lastSeenAt),
  };
  if (sync) {
    store.getSync = (key, options) => {
      const record = real.getSync(key, options);
      return (record ? corrupt(record) : null) as SessionRecord | null;
    };
  }
  return store;
}

const SHAPES: Array<[string, (record: SessionRecord) => unknown]> = [
  ['data: null', (record) => ({ ...record, data: null })],
  ['data is a string', (record) => ({ ...record, data: 'x' })],
  ['data is an array', (record) => ({ ...record, data: [1] })],
  ['expiresAt is a string', (record) => ({ ...record, expiresAt: String(record.expiresAt) })],
  ['userId is a number', (record) => ({ ...record, userId: 42 })],
  ['the record is a string', () => 'oops'],
];

for (const [label, express] of EXPRESS) {
  describe(`a malformed record from the store (${label})`, () => {
    for (const sync of [false, true]) {
      for (const [shape, corrupt] of SHAPES) {
        test(`audit malformed record: ${shape} (${sync ? 'getSync' : 'get'}) is a SessionStoreError, and onStoreError 'anonymous' applies`, async () => {
          const real = new MemoryStore({ sweepInterval: 0 });
          const store = corruptingStore(real, corrupt, sync);
          const strict = makeApp(express, { store }, standardRoutes);
          const cookie = sessionCookie(await request(strict.app).get('/write').expect(200))!;
          const failed = await request(strict.app).get('/read').set('Cookie', cookie);
          assert.equal(failed.status, 500);
          assert.equal(failed.body.code, 'ERR_SESSION_STORE');

          const lenient = makeApp(express, { store, onStoreError: 'anonymous' }, standardRoutes);
          const anonymous = await request(lenient.app).get('/read').set('Cookie', cookie).expect(200);
          assert.deepEqual(Object.keys(anonymous.body.data), ['cookie'], 'a fresh empty session');
        });
      }
    }
  });
}
