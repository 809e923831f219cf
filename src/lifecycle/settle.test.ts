import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { SessionConflictError } from '../errors.js';
import { SessionEventBus } from './stored/events.js';
import { reportError, settle } from './settle.js';

const failure = () => new SessionConflictError('the session changed');

describe('settle: one rule for session methods in both modes', () => {
  test('a failure reaches the report, the callback and the awaiter, once each', async () => {
    const reported: Error[] = [];
    const called: unknown[] = [];
    const error = failure();
    const promise = settle(Promise.reject(error), (e) => called.push(e), (e) => reported.push(e));
    await assert.rejects(promise, error);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(reported, [error]);
    assert.deepEqual(called, [error]);
  });

  // node:test fails the file on an unhandled rejection, so the un-held promise below is checked too.
  test('a promise nobody holds is no unhandled rejection; a success reaches the callback only', async () => {
    const reported: Error[] = [];
    void settle(Promise.reject(failure()), undefined, (e) => reported.push(e));
    const values: unknown[] = [];
    void settle(Promise.resolve(7), (e, v) => values.push(e, v), (e) => reported.push(e));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reported.length, 1);
    assert.deepEqual(values, [null, 7]);
  });
});

describe('reportError', () => {
  test('the error event when someone listens, no warning', () => {
    const events = new SessionEventBus();
    const heard: Error[] = [];
    events.on('error', ({ error }) => heard.push(error));
    const error = failure();
    reportError(events, 'session', error);
    assert.deepEqual(heard, [error]);
  });

  test('without an error listener, one SatchelWarning naming the middleware and the code', async () => {
    const warned = once(process, 'warning') as Promise<[Error & { code?: string }]>;
    reportError(new SessionEventBus(), 'session', failure());
    const [warning] = await warned;
    assert.equal(warning.name, 'SatchelWarning');
    assert.equal(warning.code, 'ERR_SESSION_CONFLICT');
    assert.match(warning.message, /^session: the session changed \(listen to the 'error' event/);
  });
});
