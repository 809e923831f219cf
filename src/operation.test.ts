import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SessionStoreError } from './errors.js';
import { DeadlineReached, storeOperation } from './operation.js';

// storeOperation shares one deadline timer between every call in flight (#7): these pin down
// that sharing changes nothing a caller can see.

const never = () => new Promise<never>(() => {});
const after = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

test('a call that answers in time resolves with its value; a failing one is a SessionStoreError with the cause', async () => {
  assert.equal(await storeOperation('get', 1000, async () => 42), 42);
  const cause = new Error('ECONNREFUSED');
  await assert.rejects(storeOperation('update', 1000, async () => Promise.reject(cause)), (error: unknown) => {
    assert.ok(error instanceof SessionStoreError);
    assert.equal(error.operation, 'update');
    assert.equal(error.cause, cause);
    return true;
  });
});

test('a synchronous throw from the driver call is a rejection, never an exception', async () => {
  const promise = storeOperation('get', 1000, () => {
    throw new TypeError('client is closed');
  });
  await assert.rejects(promise, { name: 'SessionStoreError', operation: 'get' });
});

test('calls with different timeouts each time out on their own deadline, while others answer', async () => {
  const started = performance.now();
  const slowDeadline = storeOperation('get', 300, never);
  const fastDeadline = storeOperation('touch', 60, never);
  const answered = storeOperation('create', 1000, () => after(20, true));
  const timing = (p: Promise<unknown>) =>
    p.then(
      () => ({ ok: true, at: performance.now() - started }),
      (error: SessionStoreError) => ({ ok: false, code: error.code, operation: error.operation, at: performance.now() - started }),
    );
  const [slow, fast, ok] = await Promise.all([timing(slowDeadline), timing(fastDeadline), timing(answered)]);
  assert.deepEqual([ok.ok, fast.ok, slow.ok], [true, false, false]);
  assert.equal((fast as { code?: string }).code, 'ERR_SESSION_STORE_TIMEOUT');
  assert.equal((fast as { operation?: string }).operation, 'touch');
  assert.equal((slow as { operation?: string }).operation, 'get');
  // Each at (not before) its own deadline: the shorter one did not wait for the longer one.
  assert.ok(fast.at >= 59 && fast.at < 290, `touch timed out at ${fast.at} ms`);
  assert.ok(slow.at >= 299, `get timed out at ${slow.at} ms`);
});

test('an answer after the deadline is dropped: the caller keeps the timeout, no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    await assert.rejects(storeOperation('get', 30, () => after(80, 'late')), { code: 'ERR_SESSION_STORE_TIMEOUT' });
    await assert.rejects(
      storeOperation('get', 30, () => after(80, null).then(() => Promise.reject(new Error('late failure')))),
      { code: 'ERR_SESSION_STORE_TIMEOUT' },
    );
    await after(120, null);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

test('the shared timer holds the process only while a call is pending', () => {
  const operation = fileURLToPath(new URL('./operation.ts', import.meta.url));
  // An idle process exits at once after its calls settled, though the timer was armed for 60 s…
  const idle = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    const { storeOperation } = await import(${JSON.stringify(operation)});
    await storeOperation('get', 60000, async () => 1);
    console.log('settled');
  `], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(idle.status, 0, idle.stderr);
  assert.match(idle.stdout, /settled/);
  // …and a process whose backend hangs stays alive until the deadline fails the call.
  const hung = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `
    const { storeOperation } = await import(${JSON.stringify(operation)});
    await storeOperation('get', 300, () => new Promise(() => {})).catch((error) => console.log(error.code));
  `], { encoding: 'utf8', timeout: 20_000 });
  assert.equal(hung.status, 0, hung.stderr);
  assert.match(hung.stdout, /ERR_SESSION_STORE_TIMEOUT/);
});

test('audit finding 2: a call that ran out of time is ERR_SESSION_STORE_TIMEOUT with the driver error as cause, whichever side noticed first', async () => {
  const isTimeout = (cause: unknown) => (error: unknown) => {
    assert.ok(error instanceof SessionStoreError);
    assert.equal(error.code, 'ERR_SESSION_STORE_TIMEOUT');
    assert.equal(error.operation, 'get');
    assert.equal(error.cause, cause);
    return true;
  };
  // The driver gave up on its own deadline signal (node-redis: "The command was aborted").
  const aborted = new Error('The command was aborted');
  await assert.rejects(storeOperation('get', 1000, async () => Promise.reject(new DeadlineReached(aborted))), isTimeout(aborted));

  // The driver's failure is handled after the deadline passed, before the shared sweep ran.
  const late = new Error('Connection is closed.');
  const pending = storeOperation('get', 20, async () => {
    await null;
    throw late;
  });
  const busyUntil = performance.now() + 40;
  while (performance.now() < busyUntil); // the event loop is stalled past the deadline
  await assert.rejects(pending, isTimeout(late));
});
