import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionOptionsError, SessionStoreError } from '../../../errors.js';
import { SqlStoreRuntime } from './runtime.js';

const noPrune = async () => 0;

test('SqlStoreRuntime validates the shared options at construction with SessionOptionsError', () => {
  assert.throws(() => new SqlStoreRuntime({ pruneInterval: -1 }, { setup: undefined, prune: noPrune }), SessionOptionsError);
  assert.throws(() => new SqlStoreRuntime({ pruneBatchSize: 0 }, { setup: undefined, prune: noPrune }), SessionOptionsError);
  assert.throws(() => new SqlStoreRuntime({ now: 5 as never }, { setup: undefined, prune: noPrune }), SessionOptionsError);
  assert.throws(() => new SqlStoreRuntime({ operationTimeout: 0 }, { setup: undefined, prune: noPrune }), { code: 'ERR_SESSION_OPTIONS' });
});

test('SqlStoreRuntime runs calls after the schema setup, retries a failed setup, and types failures with the operation', async () => {
  const log: string[] = [];
  let attempts = 0;
  const runtime = new SqlStoreRuntime(
    { pruneInterval: false, now: () => 42, pruneBatchSize: 7 },
    {
      setup: async () => {
        attempts++;
        log.push(`setup ${attempts}`);
        if (attempts === 1) throw new Error('database down');
      },
      prune: noPrune,
    },
  );
  assert.equal(runtime.now(), 42);
  assert.equal(runtime.batchSize, 7);
  await assert.rejects(
    runtime.run('get', async () => log.push('work')),
    (error: unknown) => error instanceof SessionStoreError && error.operation === 'get' && (error.cause as Error).message === 'database down',
  );
  assert.equal(await runtime.run('get', async () => (log.push('work'), 'row')), 'row');
  assert.equal(await runtime.run('ids', async () => (log.push('work'), 'again')), 'again');
  assert.deepEqual(log, ['setup 1', 'setup 2', 'work', 'work']);
  runtime.stop();
  runtime.stop();
});

test('SqlStoreRuntime without a setup hook runs calls directly', async () => {
  const runtime = new SqlStoreRuntime({ pruneInterval: false }, { setup: undefined, prune: noPrune });
  assert.equal(runtime.now, Date.now);
  assert.equal(await runtime.run('length', async () => 3), 3);
});
