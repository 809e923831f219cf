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

test('defineData: Object.prototype names become own data keys of a plain or null-prototype object; only __proto__ is defined', () => {
  for (const target of [{} as Record<string, unknown>, Object.create(null) as Record<string, unknown>]) {
    const prototype: unknown = Object.getPrototypeOf(target);
    for (const key of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'n']) applyDataPatch(target as never, { set: JSON.parse(`{"${key}":{"k":"${key}"}}`), unset: [] });
    assert.equal(Object.getPrototypeOf(target), prototype);
    assert.deepEqual(Object.keys(target), ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'n']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(target, '__proto__'), { value: { k: '__proto__' }, enumerable: true, writable: true, configurable: true });
    assert.deepEqual(target.toString, { k: 'toString' });
  }
});
