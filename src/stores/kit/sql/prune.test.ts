import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pruneUnderLock, type PruneLock } from './prune.js';

function recordingLock(granted: boolean, log: string[]): PruneLock {
  return {
    tryAcquire: async () => (log.push('acquire'), granted),
    release: async () => void log.push('release'),
  };
}

test('pruneUnderLock: a process that finds the prune lock taken skips the run: no clock read, no delete, no release', async () => {
  const log: string[] = [];
  const pruned = await pruneUnderLock(
    recordingLock(false, log),
    () => (log.push('now'), 0),
    async () => (log.push('delete'), 0),
    10,
  );
  assert.equal(pruned, 0);
  assert.deepEqual(log, ['acquire']);
});

test('pruneUnderLock: under the lock every batch uses the cutoff read after acquiring, and the lock is released', async () => {
  const log: string[] = [];
  let clock = 100;
  const pending = [3, 3, 1];
  const cutoffs: number[] = [];
  const pruned = await pruneUnderLock(
    recordingLock(true, log),
    () => (log.push('now'), clock++),
    async (cutoff, limit) => {
      cutoffs.push(cutoff);
      assert.equal(limit, 3);
      return pending.shift() ?? 0;
    },
    3,
  );
  assert.equal(pruned, 7);
  assert.deepEqual(cutoffs, [100, 100, 100]);
  assert.deepEqual(log, ['acquire', 'now', 'release']);
});

test('pruneUnderLock: a failing batch still releases the lock and the failure reaches the caller', async () => {
  const log: string[] = [];
  const failure = new Error('connection lost');
  await assert.rejects(
    pruneUnderLock(recordingLock(true, log), () => 0, async () => Promise.reject(failure), 5),
    (error: unknown) => error === failure,
  );
  assert.deepEqual(log, ['acquire', 'release']);
});
