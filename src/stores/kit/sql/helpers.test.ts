import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionOptionsError, SessionStoreError } from '../../../errors.js';
import { reportBackgroundError, startBackgroundTimer } from './background.js';
import { RetryingOnce } from './bootstrap.js';
import { assertIdentifier, resolveBatchSize, resolvePruneInterval } from './options.js';
import { pruneInBatches } from './prune.js';

test('schema bootstrap: a failed attempt is not memoised; the next call retries and then it stays done', async () => {
  let calls = 0;
  const once = new RetryingOnce(async () => {
    calls++;
    if (calls === 1) throw new Error('database down');
  });
  await assert.rejects(once.ready(), /database down/);
  await Promise.all([once.ready(), once.ready()]);
  await once.ready();
  assert.equal(calls, 2);
});

test('schema bootstrap: concurrent callers share one attempt', async () => {
  let calls = 0;
  const once = new RetryingOnce(async () => {
    calls++;
    await new Promise((resolve) => setImmediate(resolve));
  });
  await Promise.all([once.ready(), once.ready(), once.ready()]);
  assert.equal(calls, 1);
});

test('pruneInBatches loops until a short batch and sums the deletions', async () => {
  const remaining = [5, 5, 5, 2];
  const limits: number[] = [];
  const total = await pruneInBatches(async (limit) => {
    limits.push(limit);
    return remaining.shift() ?? 0;
  }, 5);
  assert.equal(total, 17);
  assert.deepEqual(limits, [5, 5, 5, 5]);
});

test('pruneInBatches stops after maxBatches so one run stays bounded', async () => {
  let batches = 0;
  const total = await pruneInBatches(async (limit) => {
    batches++;
    return limit;
  }, 10, 3);
  assert.equal(batches, 3);
  assert.equal(total, 30);
});

/** The job timers are unref'd by design; a ref'd timer keeps the test's event loop alive meanwhile. */
async function withLoopAlive<T>(work: () => Promise<T>): Promise<T> {
  const alive = setInterval(() => {}, 1000);
  try {
    return await work();
  } finally {
    clearInterval(alive);
  }
}

test('E1: a failing background job is reported as a SessionStoreError and retried on the next tick, never an unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const errors: SessionStoreError[] = [];
  let runs = 0;
  try {
    await withLoopAlive(() => new Promise<void>((resolve) => {
      const timer = startBackgroundTimer(
        5,
        'prune',
        async () => {
          runs++;
          throw new Error('connection refused');
        },
        (error) => {
          errors.push(error);
          if (errors.length === 3) {
            timer.stop();
            resolve();
          }
        },
      );
    }));
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  assert.equal(runs, 3);
  assert.ok(errors.every((error) => error instanceof SessionStoreError && error.operation === 'prune'));
  assert.equal((errors[0]!.cause as Error).message, 'connection refused');
  assert.deepEqual(unhandled, []);
});

test('a background job never overlaps itself', async () => {
  let active = 0;
  let maxActive = 0;
  let runs = 0;
  await withLoopAlive(() => new Promise<void>((resolve) => {
    const timer = startBackgroundTimer(
      1,
      'prune',
      async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        if (++runs === 3) {
          timer.stop();
          resolve();
        }
      },
      () => {},
    );
  }));
  assert.equal(maxActive, 1);
});

test('a throwing error handler is contained', () => {
  assert.doesNotThrow(() =>
    reportBackgroundError(() => {
      throw new Error('handler bug');
    }, 'prune', new Error('x')),
  );
});

test('options: identifiers, prune interval and batch size are validated with SessionOptionsError', () => {
  assert.equal(assertIdentifier('satchel_sessions', 'table'), 'satchel_sessions');
  for (const bad of ['', 'a-b', 'x"; DROP TABLE y; --', '1abc', 'a'.repeat(64), 42]) {
    assert.throws(() => assertIdentifier(bad, 'table'), SessionOptionsError);
  }
  assert.equal(resolvePruneInterval(undefined), 900_000);
  assert.equal(resolvePruneInterval(false), false);
  assert.throws(() => resolvePruneInterval(0), SessionOptionsError);
  assert.throws(() => resolvePruneInterval(Number.NaN), SessionOptionsError);
  assert.equal(resolveBatchSize(undefined), 1000);
  assert.throws(() => resolveBatchSize(1.5), SessionOptionsError);
});
