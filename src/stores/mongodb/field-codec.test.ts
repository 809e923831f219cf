import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeField, encodeField } from './field-codec.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Frozen vectors of format v1: a changed vector makes stored sessions unreadable.
const VECTORS: Array<[string, string]> = [
  ['cart', 'cart'],
  ['userId', 'userId'],
  ['', '%'],
  ['$where', '%24where'],
  ['a$b', 'a$b'],
  ['key with spaces.and.dots', 'key with spaces%2Eand%2Edots'],
  ['100%', '100%25'],
  ['%', '%25'],
  ['%24where', '%2524where'],
  ['nul\u0000byte', 'nul%00byte'],
  ['__proto__', '%5F_proto__'],
  ['%5F_proto__', '%255F_proto__'],
  ['constructor', 'constructor'],
  ['😀', '😀'],
  ['lone\uD800', 'lone%uD800'],
  ['\uDC00lone', '%uDC00lone'],
];

test('field codec: frozen v1 vectors encode and decode', () => {
  for (const [key, field] of VECTORS) {
    assert.equal(encodeField(key), field, `encode ${JSON.stringify(key)}`);
    assert.equal(decodeField(field), key, `decode ${JSON.stringify(field)}`);
  }
});

test('field codec: every string round-trips to a name MongoDB accepts in a $set path', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('%', '.', '$', '\u0000', '\uD800', '\uDC00', '_', 'p', '2', '5', 'F', 'u'), maxLength: 12 })), (key) => {
      const field = encodeField(key);
      assert.equal(decodeField(field), key);
      assert.ok(field.length > 0, 'empty field name');
      assert.ok(!field.startsWith('$'), `field starts with $: ${field}`);
      assert.ok(!field.includes('.'), `field contains a dot: ${field}`);
      assert.ok(!field.includes('\u0000'), 'field contains NUL');
      assert.notEqual(field, '__proto__');
      assert.equal(LONE_SURROGATE.test(field), false, 'field has a lone surrogate');
    }),
    { numRuns: 2000 },
  );
});

test('field codec: distinct keys never share a field', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 12 }), (a, b) => {
      fc.pre(a !== b);
      assert.notEqual(encodeField(a), encodeField(b));
    }),
    { numRuns: 2000 },
  );
});
