import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BSON } from 'mongodb';
import { fromDocument, patchUpdate, toDocument } from '../../src/stores/mongodb/document.js';
import type { SessionRecord } from '../../src/types.js';

// No server here (docs/mongodb-testing.md), but the driver's own BSON serializer is: with
// checkKeys it refuses the field names MongoDB refuses in stored documents.

const hostile = JSON.parse(
  '{"__proto__":{"polluted":1},"$where":"1","$set":{"$inc":1},"a.b":{"c.d":2},"":"empty","nul\\u0000":1,"%":"%","constructor":{"prototype":{}}}',
) as SessionRecord['data'];

const record: SessionRecord = { data: hostile, expiresAt: 1_800_000_060_000, createdAt: 1_800_000_000_000, lastSeenAt: 1_800_000_000_001, userId: 'u', userAgent: null };

test('a stored document with reserved-looking session keys passes BSON checkKeys and round-trips through BSON', () => {
  const bytes = BSON.serialize({ _id: 'k', ...toDocument(record) }, { checkKeys: true });
  const back = fromDocument(BSON.deserialize(bytes) as Parameters<typeof fromDocument>[0]);
  assert.deepEqual(back, record);
  assert.equal(Object.hasOwn(back.data, '__proto__'), true);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('update paths of a hostile patch have no empty, dotted or $-prefixed segment after data.', () => {
  const update = patchUpdate({ set: hostile, unset: Object.keys(hostile).map((k) => `${k}x`), expiresAt: 1, lastSeenAt: 1 });
  const paths = [...Object.keys(update.$set), ...Object.keys(update.$unset ?? {})];
  for (const path of paths) {
    const segments = path.split('.');
    assert.ok(segments.length <= 2, `path ${JSON.stringify(path)} has more than one dot`);
    for (const segment of segments) {
      assert.ok(segment !== '' && !segment.startsWith('$') && !segment.includes('\u0000'), `bad segment in ${JSON.stringify(path)}`);
    }
  }
});
