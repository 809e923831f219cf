import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedCache } from './bounded-cache.js';

test('BoundedCache evicts the least recently used entry past its bound', () => {
  const cache = new BoundedCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  assert.equal(cache.get('a'), 1); // a is now the newest
  cache.set('c', 3);
  assert.equal(cache.size, 2);
  assert.equal(cache.get('b'), undefined);
  assert.equal(cache.get('a'), 1);
  assert.equal(cache.get('c'), 3);
});

test('BoundedCache.deleteIf keeps a newer value under the same key', () => {
  const cache = new BoundedCache<string, object>(4);
  const old = {};
  const fresh = {};
  cache.set('a', old);
  cache.set('a', fresh);
  cache.deleteIf('a', old);
  assert.equal(cache.get('a'), fresh);
  cache.deleteIf('a', fresh);
  assert.equal(cache.get('a'), undefined);
});
