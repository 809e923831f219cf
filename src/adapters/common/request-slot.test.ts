import assert from 'node:assert/strict';
import { test } from 'node:test';
import { requestSlot } from './request-slot.js';

test('requestSlot keeps a value per request and per slot, on extensible and frozen requests alike', () => {
  const a = requestSlot<object, string>('a');
  const b = requestSlot<object, string>('a');
  const open = new Request('http://localhost/');
  const frozen = Object.freeze(new Request('http://localhost/frozen'));
  assert.equal(a.get(open), undefined);
  a.set(open, 'first');
  b.set(open, 'second');
  assert.equal(a.get(open), 'first');
  assert.equal(b.get(open), 'second', 'two middleware instances (two slots) do not share a value, even with one description');
  a.set(frozen, 'kept aside');
  assert.equal(a.get(frozen), 'kept aside');
  assert.equal(b.get(frozen), undefined);
  assert.equal(a.get(new Request('http://localhost/')), undefined, 'a value belongs to its request only');
  assert.deepEqual(Object.keys(open), [], 'nothing string-keyed appears on the request');
});
