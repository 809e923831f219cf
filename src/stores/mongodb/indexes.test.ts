import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionStoreError } from '../../errors.js';
import { toDocument } from './document.js';
import { MONGO_INDEXES } from './indexes.js';
import { recordingCollectionMock } from './recording-collection-mock.js';
import { MongoStore } from './store.js';

// recordingCollectionMock stands in for a server that refuses or ignores createIndexes; the
// real-server path is docs/mongodb-testing.md.

const NOW = 1_800_000_000_000;
const KEY = 'b'.repeat(64);
const unauthorized = () => Object.assign(new Error('not authorized on app to execute command { createIndexes: "sessions" }'), { name: 'MongoServerError', code: 13 });

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Collects unhandled rejections for the duration of `fn`. */
async function withoutUnhandledRejections(fn: () => Promise<void>): Promise<void> {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on('unhandledRejection', listener);
  try {
    await fn();
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', listener);
  }
  assert.deepEqual(seen, [], 'a background failure escaped as an unhandled rejection');
}

test('the store asks for a TTL index on expiresAt (expireAfterSeconds 0) and an index on userId', async () => {
  const mock = recordingCollectionMock();
  const store = new MongoStore({ collection: mock.collection });
  await store.ensureIndexes();
  assert.deepEqual(mock.argsOf('createIndexes')[0], [
    [
      { key: { expiresAt: 1 }, name: 'expiresAt_1', expireAfterSeconds: 0 },
      { key: { userId: 1 }, name: 'userId_1' },
    ],
  ]);
  assert.deepEqual(mock.argsOf('createIndexes')[0]?.[0], [...MONGO_INDEXES]);
  await store.close();
});

test('E8: a refused createIndexes is reported, retried, and never crashes the process or poisons reads', async () => {
  await withoutUnhandledRejections(async () => {
    const reported: SessionStoreError[] = [];
    const firstReport = deferred();
    const secondAttempt = deferred();
    let attempts = 0;
    const mock = recordingCollectionMock({
      createIndexes: async () => {
        attempts++;
        if (attempts === 1) throw unauthorized();
        secondAttempt.resolve();
        return ['expiresAt_1', 'userId_1'];
      },
      findOne: async () => ({ _id: KEY, ...toDocument({ data: { ok: true }, expiresAt: NOW + 1000, createdAt: NOW, lastSeenAt: NOW, userId: null, userAgent: null }) }),
    });
    const store = new MongoStore(
      { collection: mock.collection },
      {
        now: () => NOW,
        indexRetryDelay: 1,
        onError: (error) => {
          reported.push(error);
          firstReport.resolve();
        },
      },
    );
    await firstReport.promise;
    assert.equal(reported[0]?.name, 'SessionStoreError');
    assert.equal(reported[0]?.code, 'ERR_SESSION_STORE');
    assert.equal(reported[0]?.operation, 'createIndexes');
    assert.equal((reported[0]?.cause as { code?: number }).code, 13);

    // Sessions are served with the read-time expiry filter while the index is missing.
    assert.deepEqual((await store.get(KEY))?.data, { ok: true });
    assert.deepEqual(mock.argsOf('findOne'), [[{ _id: KEY, expiresAt: { $gt: new Date(NOW) } }]]);

    await secondAttempt.promise;
    await store.ensureIndexes();
    assert.equal(attempts, 2, 'once created, the indexes are not requested again');
    assert.equal(reported.length, 1);
    await store.close();
  });
});

test('E8: ensureIndexes() lets an app see the refusal at startup as a SessionStoreError', async () => {
  await withoutUnhandledRejections(async () => {
    const mock = recordingCollectionMock({ createIndexes: async () => Promise.reject(unauthorized()) });
    const store = new MongoStore({ collection: mock.collection }, { onError: () => {} });
    await assert.rejects(store.ensureIndexes(), (error: SessionStoreError) => error.code === 'ERR_SESSION_STORE' && error.operation === 'createIndexes');
    await store.close();
  });
});

test('by default a background index failure becomes a process warning, not a crash', async () => {
  await withoutUnhandledRejections(async () => {
    const warned = deferred<Error>();
    const listener = (warning: Error) => warned.resolve(warning);
    process.on('warning', listener);
    try {
      const mock = recordingCollectionMock({ createIndexes: async () => Promise.reject(unauthorized()) });
      const store = new MongoStore({ collection: mock.collection });
      const warning = (await warned.promise) as SessionStoreError;
      assert.equal(warning.name, 'SessionStoreError');
      assert.equal(warning.operation, 'createIndexes');
      await store.close();
    } finally {
      process.off('warning', listener);
    }
  });
});

test('an onError handler that throws does not turn the failure into a crash', async () => {
  await withoutUnhandledRejections(async () => {
    const called = deferred();
    const mock = recordingCollectionMock({ createIndexes: async () => Promise.reject(unauthorized()) });
    const store = new MongoStore(
      { collection: mock.collection },
      {
        onError: () => {
          called.resolve();
          throw new Error('logger broke');
        },
      },
    );
    await called.promise;
    await store.close();
  });
});

test('a createIndexes that never answers is reported as ERR_SESSION_STORE_TIMEOUT', async () => {
  const keepAlive = setInterval(() => {}, 1000);
  try {
    const reported = deferred<SessionStoreError>();
    const mock = recordingCollectionMock({ createIndexes: () => new Promise(() => {}) });
    const store = new MongoStore({ collection: mock.collection }, { operationTimeout: 20, onError: (error) => reported.resolve(error) });
    assert.equal((await reported.promise).code, 'ERR_SESSION_STORE_TIMEOUT');
    await store.close();
  } finally {
    clearInterval(keepAlive);
  }
});

test('close() stops index retries', async () => {
  let attempts = 0;
  const mock = recordingCollectionMock({
    createIndexes: async () => {
      attempts++;
      throw unauthorized();
    },
  });
  const reported = deferred();
  // close() from inside the first report, before the retry is scheduled.
  let store: MongoStore | undefined;
  store = new MongoStore({ collection: mock.collection }, { indexRetryDelay: 1, onError: () => void store?.close().then(() => reported.resolve()) });
  await reported.promise;
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(attempts, 1);
});

test('createIndexes: false never touches indexes', async () => {
  const mock = recordingCollectionMock();
  const store = new MongoStore({ collection: mock.collection }, { createIndexes: false });
  await store.ensureIndexes();
  await store.get(KEY);
  assert.deepEqual(mock.argsOf('createIndexes'), []);
  await store.close();
});
