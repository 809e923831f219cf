import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applied, decodeRecord, fieldMap, patchFields, pexpireAt, recordFields, updateArgs } from './codec.js';

const record = { data: { cart: ['a'], n: null, gone: undefined }, expiresAt: 2000, createdAt: 1000, lastSeenAt: 1500, userId: null, userAgent: 'UA' };

test('recordFields: meta fields, one d:<key> JSON field per data key, null user omitted, undefined dropped', () => {
  assert.deepEqual(recordFields(record), ['e', '2000', 'c', '1000', 'l', '1500', 'a', 'UA', 'd:cart', '["a"]', 'd:n', 'null']);
});

test('patchFields: set wins over unset of the same key; undefined in set means delete', () => {
  assert.deepEqual(patchFields({ set: { a: 1, b: undefined }, unset: ['a', 'c'] }), { unset: ['d:c', 'd:b'], set: ['d:a', '1'] });
});

test('pexpireAt: integer milliseconds, never below 1', () => {
  assert.equal(pexpireAt(1000.2), '1001');
  assert.equal(pexpireAt(-5), '1');
});

test('STO-02: decodeRecord re-checks expiresAt against now', () => {
  const flat = recordFields({ ...record, data: { x: 1 } });
  assert.deepEqual(decodeRecord(flat, 1999)?.data, { x: 1 });
  assert.equal(decodeRecord(flat, 2000), null);
  assert.equal(decodeRecord([], 0), null);
  assert.equal(decodeRecord(null, 0), null);
});

test('hostile stored values never throw: corrupt JSON drops that key, a record without expiry is not a session', () => {
  const got = decodeRecord(['e', '9', 'c', 'x', 'l', '1', 'd:ok', '1', 'd:bad', '{nope', 'd:__proto__', '{"polluted":1}'], 0);
  assert.ok(got);
  assert.equal(got.createdAt, 0);
  assert.deepEqual(Object.keys(got.data), ['ok', '__proto__']);
  assert.equal(Object.getPrototypeOf(got.data), Object.prototype);
  assert.deepEqual(Object.getOwnPropertyDescriptor(got.data, '__proto__')?.value, { polluted: 1 });
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(decodeRecord(['d:a', '1'], 0), null);
  assert.equal(decodeRecord(['e', 'NaN'], 0), null);
});

test('fieldMap: accepts Buffers (RESP3 type mappings) and odd-length replies', () => {
  assert.deepEqual([...fieldMap([Buffer.from('e'), Buffer.from('5'), 'dangling'])], [['e', '5']]);
});

test('decodeRecord reads HGETALL as RESP3 hands it over: a null-prototype object, a Map, Buffers', () => {
  const flat = recordFields({ ...record, userId: 'u1', data: { x: 1 } });
  const expected = decodeRecord(flat, 0);
  assert.equal(expected?.userId, 'u1');
  const object = Object.assign(Object.create(null) as object, Object.fromEntries(fieldMap(flat)));
  assert.deepEqual(decodeRecord(object, 0), expected);
  assert.deepEqual(decodeRecord(new Map(fieldMap(flat)), 0), expected);
  assert.deepEqual(decodeRecord(flat.map((item) => Buffer.from(item)), 0), expected);
  assert.equal(decodeRecord(Object.create(null), 0), null);
});

test('updateArgs: deletions counted first, then meta and data in one list of pairs; a bind writes u, an unbind deletes it', () => {
  const patch = { set: { a: 1, b: undefined }, unset: ['c'], expiresAt: 5, lastSeenAt: 4 };
  assert.deepEqual(updateArgs('1', '9', patch), ['1', '9', '2', 'd:c', 'd:b', 'e', '5', 'l', '4', 'd:a', '1']);
  assert.deepEqual(updateArgs('1', '9', { ...patch, userId: 'bob' }).slice(-2), ['u', 'bob']);
  assert.deepEqual(updateArgs('1', '9', { ...patch, userId: null }).slice(2, 6), ['3', 'd:c', 'd:b', 'u']);
});

test('applied: 0 nothing applied, 1 applied unbound, u<id> applied and bound, whatever type the client maps replies to', () => {
  assert.equal(applied(0), undefined);
  assert.equal(applied('0'), undefined);
  assert.equal(applied(null), undefined);
  assert.equal(applied(1), null);
  assert.equal(applied('1'), null);
  assert.equal(applied('u1'), '1');
  assert.equal(applied(Buffer.from('u0')), '0');
  assert.equal(applied('u'), '');
});
