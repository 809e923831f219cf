import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyQueue } from './key-queue.js';

test('tasks on one key run one at a time in call order; other keys are not held up', async () => {
  const queue = new KeyQueue();
  const log: string[] = [];
  const task = (name: string, ms: number) => () =>
    new Promise<string>((resolve) => {
      log.push(`start ${name}`);
      setTimeout(() => {
        log.push(`end ${name}`);
        resolve(name);
      }, ms);
    });
  const results = await Promise.all([queue.run('a', task('a1', 20)), queue.run('a', task('a2', 1)), queue.run('b', task('b1', 1))]);
  assert.deepEqual(results, ['a1', 'a2', 'b1']);
  assert.deepEqual(log.filter((line) => line.endsWith('a1') || line.endsWith('a2')), ['start a1', 'end a1', 'start a2', 'end a2']);
  assert.ok(log.indexOf('end b1') < log.indexOf('end a1'), 'key b ran alongside a1');
});

test('a failing task rejects its caller only; the next task on the key still runs', async () => {
  const queue = new KeyQueue();
  const failing = queue.run('k', async () => {
    throw new Error('boom');
  });
  const next = queue.run('k', async () => 'ran');
  await assert.rejects(failing, /boom/);
  assert.equal(await next, 'ran');
});
