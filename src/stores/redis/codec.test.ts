import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRecord, fieldMap, patchFields, pexpireAt, recordFields } from './codec.js';

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
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(decodeRecord(['d:a', '1'], 0), null);
  assert.equal(decodeRecord(['e', 'NaN'], 0), null);
});

test('fieldMap: accepts Buffers (RESP3 type mappings) and odd-length replies', () => {
  assert.deepEqual([...fieldMap([Buffer.from('e'), Buffer.from('5'), 'dangling'])], [['e', '5']]);
});
