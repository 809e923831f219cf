import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyPath, patchExpression } from './patch.js';

test('keyPath quotes every key as a JSON string literal (dots, quotes, backslashes, unicode, empty)', () => {
  assert.equal(keyPath('a.b c'), '$."a.b c"');
  assert.equal(keyPath('a"b'), '$."a\\"b"');
  assert.equal(keyPath('a\\b'), '$."a\\\\b"');
  assert.equal(keyPath('😀'), '$."😀"');
  assert.equal(keyPath(''), '$.""');
});

test('an empty patch leaves data as it is', () => {
  assert.deepEqual(patchExpression({ set: {}, unset: [] }), { sql: 'data', params: [] });
});

test('set keys use JSON_SET with JSON_EXTRACT of each value sent once (never JSON_MERGE_PATCH, which deletes nulls); unset keys use JSON_REMOVE', () => {
  const { sql, params } = patchExpression({ set: { a: null, 'b.c': 1 }, unset: ['gone'] });
  assert.equal(sql, "JSON_REMOVE(JSON_SET(data, ?, JSON_EXTRACT(?, '$[0]'), ?, JSON_EXTRACT(?, '$[0]')), ?)");
  assert.deepEqual(params, ['$."a"', '[null]', '$."b.c"', '[1]', '$."gone"']);
  assert.doesNotMatch(sql, /MERGE/);
});
