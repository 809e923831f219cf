import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SessionRecord } from '../../types.js';
import { type MongoSessionDocument, fromDocument, patchUpdate, toDocument, toInfo } from './document.js';

const T = 1_800_000_000_000;

function record(data: SessionRecord['data'], extra: Partial<SessionRecord> = {}): SessionRecord {
  return { data, expiresAt: T + 3_600_000, createdAt: T, lastSeenAt: T + 5, userId: 'u1', userAgent: 'Firefox', ...extra };
}

test('document v1: exact shape written for a record', () => {
  assert.deepEqual(toDocument(record({ cart: ['a'], n: 1, 'a.b': null, $where: 'x' })), {
    v: 1,
    data: { cart: '["a"]', n: '1', 'a%2Eb': 'null', '%24where': '"x"' },
    expiresAt: new Date(T + 3_600_000),
    createdAt: new Date(T),
    lastSeenAt: new Date(T + 5),
    userId: 'u1',
    userAgent: 'Firefox',
  });
});

test('document: data with MongoDB-reserved and prototype keys round-trips as own plain data', () => {
  const data = JSON.parse(
    '{"__proto__":{"polluted":"yes"},"$set":{"$inc":1},"a.b":{"c.d":[{"$x":"."}]},"":"empty","constructor":{"prototype":1},"nothing":null}',
  ) as SessionRecord['data'];
  const rec = record(data);
  const back = fromDocument({ _id: 'k', ...toDocument(rec) });
  assert.deepEqual(back, rec);
  assert.equal(Object.hasOwn(back.data, '__proto__'), true);
  assert.equal(Object.getPrototypeOf(back.data), Object.prototype);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('document: undefined values are dropped as JSON drops them', () => {
  assert.deepEqual(toDocument(record({ a: undefined, b: 1 })).data, { b: '1' });
});

test('document: a document satchel did not write is refused, not guessed at', () => {
  const doc = { _id: 'k', ...toDocument(record({ a: 1 })) };
  assert.throws(() => fromDocument({ ...doc, v: 2 }), TypeError);
  assert.throws(() => fromDocument({ ...doc, data: { a: 1 } } as unknown as MongoSessionDocument), TypeError);
  assert.throws(() => fromDocument({ ...doc, data: { a: '{not json' } }), SyntaxError);
  assert.throws(() => fromDocument({ ...doc, expiresAt: 'tomorrow' } as unknown as MongoSessionDocument), TypeError);
});

test('TM-05: toInfo carries metadata only', () => {
  const doc = { _id: 'k', ...toDocument(record({ secret: 's' })) };
  assert.deepEqual(toInfo(doc), { key: 'k', createdAt: T, lastSeenAt: T + 5, expiresAt: T + 3_600_000, userAgent: 'Firefox' });
});

test('patch: $set of changed keys as JSON, $unset of deleted keys, null stays a value', () => {
  const update = patchUpdate({ set: { cart: [1], gone: null, 'x.y': { z: 1 } }, unset: ['old', '$bad'], expiresAt: T + 10, lastSeenAt: T + 1 });
  assert.deepEqual(update, {
    $set: { 'data.cart': '[1]', 'data.gone': 'null', 'data.x%2Ey': '{"z":1}', expiresAt: new Date(T + 10), lastSeenAt: new Date(T + 1) },
    $unset: { 'data.old': '', 'data.%24bad': '' },
  });
});

test('patch: userId is set only when the patch names it (string rebinds, null unbinds)', () => {
  const times = { expiresAt: T, lastSeenAt: T };
  assert.equal('userId' in patchUpdate({ set: {}, unset: [], ...times }).$set, false);
  assert.equal(patchUpdate({ set: {}, unset: [], ...times, userId: 'bob' }).$set.userId, 'bob');
  assert.equal(patchUpdate({ set: {}, unset: [], ...times, userId: null }).$set.userId, null);
});

test('patch: an empty patch sends only the times and no $unset', () => {
  assert.deepEqual(patchUpdate({ set: {}, unset: [], expiresAt: T, lastSeenAt: T }), { $set: { expiresAt: new Date(T), lastSeenAt: new Date(T) } });
});

test('patch: a key both set and unset is set (no conflicting update paths)', () => {
  const update = patchUpdate({ set: { a: 1 }, unset: ['a', 'b'], expiresAt: T, lastSeenAt: T });
  assert.equal(update.$set['data.a'], '1');
  assert.deepEqual(update.$unset, { 'data.b': '' });
});

test('patch: a value JSON cannot hold (undefined) is removed, as JSON would drop it', () => {
  const update = patchUpdate({ set: { a: undefined }, unset: [], expiresAt: T, lastSeenAt: T });
  assert.deepEqual(update.$unset, { 'data.a': '' });
  assert.equal('data.a' in update.$set, false);
});
