import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyDataPatch, parseData } from './json-data.js';

test('applyDataPatch stores __proto__ as an own key and never changes the prototype', () => {
  const data = parseData('{"a":1,"b":2}');
  applyDataPatch(data, { set: JSON.parse('{"__proto__":{"polluted":true},"a":null}'), unset: ['b'] });
  assert.equal(Object.getPrototypeOf(data), Object.prototype);
  assert.deepEqual(Object.keys(data), ['a', '__proto__']);
  assert.equal(data.a, null);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(JSON.stringify(data), '{"a":null,"__proto__":{"polluted":true}}');
});

test('parseData turns anything but a JSON object into an empty session', () => {
  for (const json of ['null', '[]', '"text"', '42']) assert.deepEqual(parseData(json), {});
  assert.throws(() => parseData('{not json'), SyntaxError);
});
