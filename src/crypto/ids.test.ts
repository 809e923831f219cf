import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { eventHash, generateId, hashStoreKey, isCanonicalId } from './ids.js';

describe('ids', () => {
  test('SID-01: 32 random bytes as 43 base64url characters, no duplicates', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const id = generateId();
      assert.equal(Buffer.from(id, 'base64url').length, 32);
      assert.ok(isCanonicalId(id), id);
      seen.add(id);
    }
    assert.equal(seen.size, 10_000);
  });

  test('SID-06: only the canonical syntax is accepted', () => {
    const id = generateId();
    assert.equal(isCanonicalId(`${id}=`), false);
    assert.equal(isCanonicalId(id.slice(1)), false);
    assert.equal(isCanonicalId(`${id.slice(0, -1)}B`), false, 'non-zero unused bits');
    assert.equal(isCanonicalId(`${id.slice(0, 20)}+${id.slice(21)}`), false);
    assert.equal(isCanonicalId(`${id.slice(0, 20)} ${id.slice(21)}`), false);
  });

  test('SID-05: the store key is SHA-256(id) in hex', () => {
    const id = generateId();
    assert.equal(hashStoreKey(id), createHash('sha256').update(id).digest('hex'));
  });

  test('DET-02: event hashes are keyed and never contain the id', () => {
    const id = generateId();
    const a = eventHash(Buffer.alloc(32, 1), id);
    assert.notEqual(a, eventHash(Buffer.alloc(32, 2), id));
    assert.equal(a, eventHash(Buffer.alloc(32, 1), id));
    assert.ok(!a.includes(id));
  });
});
