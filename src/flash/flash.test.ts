import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flashFor, flashOn } from './flash.js';
import { NoSessionError } from '../errors.js';

const on = (session: object) => flashFor(() => session);

test('FL-01: flash(type, message) appends and answers the new count of that type', () => {
  const session: Record<string, unknown> = {};
  const flash = on(session);
  assert.equal(flash('info', 'one'), 1);
  assert.equal(flash('info', 'two'), 2);
  assert.equal(flash('error', 'bad'), 1);
  assert.deepEqual(session.flash, { info: ['one', 'two'], error: ['bad'] });
});

test('FL-01: an array appends each message; the count covers them all', () => {
  const flash = on({});
  assert.equal(flash('info', ['a', 'b']), 2);
  assert.equal(flash('info', ['c']), 3);
  assert.deepEqual(flash('info'), ['a', 'b', 'c']);
});

test('FL-01: messages are kept as given, as connect-flash keeps them (objects from a validator, numbers)', () => {
  const flash = on({});
  const errors = [{ path: 'email', msg: 'Invalid email' }, { path: 'age', msg: 'Too young' }];
  assert.equal(flash('errors', errors as never), 2);
  assert.equal(flash('count', 42 as never), 1);
  assert.deepEqual(flash('errors'), errors);
  assert.deepEqual(flash('count'), [42]);
});

test('FL-02: flash(type, format, ...args) formats like util.format (%s, %d, %j)', () => {
  const flash = on({});
  flash('info', 'Hello %s, you have %d new %s', 'Ada', 3, 'messages');
  flash('info', 'data %j', { a: 1 });
  assert.deepEqual(flash('info'), ['Hello Ada, you have 3 new messages', 'data {"a":1}']);
});

test('FL-03: flash(type) answers the messages once, then they are gone; other types stay', () => {
  const session: Record<string, unknown> = {};
  const flash = on(session);
  flash('info', 'saved');
  flash('error', 'oops');
  assert.deepEqual(flash('info'), ['saved']);
  assert.deepEqual(flash('info'), []);
  assert.deepEqual(session.flash, { error: ['oops'] });
  assert.deepEqual(flash('error'), ['oops']);
  // The last message gone, the key goes too: the session is what it was before any flash.
  assert.deepEqual(session, {});
});

test('FL-04: flash() answers every type and clears them all', () => {
  const session: Record<string, unknown> = { user: 'u1' };
  const flash = on(session);
  flash('info', 'a');
  flash('error', ['b', 'c']);
  assert.deepEqual(flash(), { info: ['a'], error: ['b', 'c'] });
  assert.deepEqual(flash(), {});
  assert.deepEqual(session, { user: 'u1' });
});

test('FL-05: reading an empty flash changes nothing on the session (no key, no write)', () => {
  const session: Record<string, unknown> = { user: 'u1' };
  const before = JSON.stringify(session);
  assert.deepEqual(flashOn(session, []), {});
  assert.deepEqual(flashOn(session, ['info']), []);
  assert.equal(JSON.stringify(session), before);
  assert.equal(Object.hasOwn(session, 'flash'), false);
});

test('FL-05: a reader that finds other types leaves the stored object untouched', () => {
  const session: Record<string, unknown> = { flash: { error: ['x'] } };
  assert.deepEqual(flashOn(session, ['info']), []);
  assert.deepEqual(session, { flash: { error: ['x'] } });
});

test('FL-06: connect-flash sessions keep working: the same `flash` key, a stored value that is no list reads as a list of one', () => {
  // As connect-flash left it in a store: { type: [messages] } under session.flash.
  const session: Record<string, unknown> = { flash: { info: ['from connect-flash'], n: 'not-an-array' } };
  const flash = on(session);
  assert.deepEqual(flash('n'), ['not-an-array']);
  assert.equal(flash('info', 'new'), 2);
  assert.deepEqual(flash(), { info: ['from connect-flash', 'new'] });
  // A stored `flash` that is not an object is no flash at all, and is replaced on write.
  const odd: Record<string, unknown> = { flash: 'garbage' };
  assert.deepEqual(flashOn(odd, []), {});
  assert.equal(flashOn(odd, ['info', 'x']), 1);
  assert.deepEqual(odd.flash, { info: ['x'] });
});

test('FL-06: a type named __proto__ is a plain key, never the prototype', () => {
  const session: Record<string, unknown> = {};
  flashOn(session, ['__proto__', 'x']);
  assert.equal(Object.getPrototypeOf(session.flash), Object.prototype);
  assert.deepEqual(flashOn(session, ['__proto__']), ['x']);
});

test('FL-07: flash without a session throws NoSessionError with code ERR_SESSION_MISSING', () => {
  for (const missing of [undefined, null]) {
    assert.throws(() => flashOn(missing, ['info', 'x']), (error: unknown) => error instanceof NoSessionError && error.code === 'ERR_SESSION_MISSING');
  }
});

test('FL-08: flashFor reads the session at call time (regenerate and logout replace it)', () => {
  let current: Record<string, unknown> | null = {};
  const flash = flashFor(() => current);
  flash('info', 'first');
  current = {};
  assert.deepEqual(flash('info'), []);
  current = null;
  assert.throws(() => flash(), { code: 'ERR_SESSION_MISSING' });
});
