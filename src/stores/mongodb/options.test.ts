import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Db } from 'mongodb';
import { recordingCollectionMock } from './recording-collection-mock.js';
import { MongoStore } from './store.js';
import type { MongoStoreSource } from './options.js';

const isOptionsError = (error: { code?: string; name?: string }) => error.name === 'SessionOptionsError' && error.code === 'ERR_SESSION_OPTIONS';

function dbMock(names: string[]) {
  const mock = recordingCollectionMock();
  const db = {
    collection(name: string) {
      names.push(name);
      return mock.collection;
    },
  } as unknown as Db;
  return { db, mock };
}

test('{ db } opens the "sessions" collection by default, or collectionName', async () => {
  const names: string[] = [];
  const { db } = dbMock(names);
  await new MongoStore({ db }, { createIndexes: false }).close();
  await new MongoStore({ db, collectionName: 'app_sessions' }, { createIndexes: false }).close();
  assert.deepEqual(names, ['sessions', 'app_sessions']);
});

test('bad sources throw SessionOptionsError at construction', () => {
  const { collection } = recordingCollectionMock();
  const { db } = dbMock([]);
  const bad: unknown[] = [
    undefined,
    {},
    { collection, db },
    { collection: {} },
    { collection: { findOne() {} } },
    { db: {} },
    { db, collectionName: '' },
    { db, collectionName: 'a$b' },
    { db, collectionName: 'system.users' },
  ];
  for (const source of bad) {
    assert.throws(() => new MongoStore(source as MongoStoreSource), isOptionsError, `accepted ${JSON.stringify(source)}`);
  }
});

test('bad options throw SessionOptionsError at construction, before any backend call', () => {
  const mock = recordingCollectionMock();
  const { collection } = mock;
  const bad: unknown[] = [
    { operationTimeout: 0 },
    { operationTimeout: -1 },
    { operationTimeout: Number.NaN },
    { operationTimeout: '5000' },
    { indexRetryDelay: 0 },
    { now: 5 },
    { onError: 'log' },
  ];
  for (const options of bad) {
    assert.throws(() => new MongoStore({ collection }, options as never), isOptionsError, `accepted ${JSON.stringify(options)}`);
  }
  assert.deepEqual(mock.calls, []);
});
