import assert from 'node:assert/strict';
import type { JsonObject } from '../../types.js';
import { makeRecord, randomKey, seed, type AddCase } from './kit.js';

/** Data survives as plain JSON: exactly what went in comes out, with no shared references. */
export function fidelityCases(add: AddCase): void {
  add('JSON fidelity: unicode, control characters, numbers, booleans, nesting, arrays', async ({ store, clock }) => {
    const key = randomKey();
    const data: JsonObject = {
      ascii: 'plain',
      accents: 'café naïve Ærø',
      cjk: '漢字かなカナ한국어',
      astral: '😀 𝄞 🏳️‍🌈 👩🏽‍💻',
      rtl: 'مرحبا שלום',
      control: '\u0001\u0007\b\t\n\v\f\r\u001b\u001f\u007f',
      quotes: `"'\\/\`<script>`,
      empty: '',
      numbers: [0, 1, -1, 3.14159, 1e-7, 1e21, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
      booleans: [true, false],
      nothing: null,
      nested: { a: { b: { c: { d: [1, { e: 'deep' }] } } } },
      emptyObject: {},
      emptyArray: [],
      mixed: [1, 'two', null, false, { three: 3 }, [4]],
      'key with spaces.and.dots': 1,
      '$dollar': 'mongo-reserved-looking key',
      '': 'empty key',
      '😀': 'astral key',
    };
    await seed(store, key, makeRecord(clock, data, { userAgent: 'Mozilla/5.0 (X11; Linux x86_64) 😀' }));
    const got = await store.get(key);
    assert.deepEqual(got?.data, data);
    assert.equal(got?.userAgent, 'Mozilla/5.0 (X11; Linux x86_64) 😀');
  });

  add('JSON fidelity: a large (~100 KB) session round-trips', async ({ store, clock }) => {
    const key = randomKey();
    const data: JsonObject = {
      blob: 'x'.repeat(60_000),
      rows: Array.from({ length: 1000 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['t', i % 7] })),
    };
    assert.ok(JSON.stringify(data).length > 90_000);
    await seed(store, key, makeRecord(clock, data));
    assert.deepEqual((await store.get(key))?.data, data);
    const bigger = { blob: 'y'.repeat(100_000) };
    const record = (await store.get(key))!;
    assert.equal(await store.update(key, { set: bigger, unset: ['rows'], expiresAt: record.expiresAt, lastSeenAt: record.lastSeenAt }), true);
    assert.deepEqual((await store.get(key))?.data, bigger);
  });

  add('JSON fidelity: __proto__, constructor and prototype keys are plain data and pollute nothing', async ({ store, clock }) => {
    const key = randomKey();
    const data = JSON.parse(
      '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"prototype":{"polluted":"yes"},"toString":"not a function","hasOwnProperty":1}',
    ) as JsonObject;
    await seed(store, key, makeRecord(clock, data));
    const got = await store.get(key);
    assert.ok(got);
    assert.equal(Object.hasOwn(got.data, '__proto__'), true, '__proto__ must stay an own data key');
    assert.deepEqual(JSON.parse(JSON.stringify(got.data)), JSON.parse(JSON.stringify(data)));
    assert.equal(Object.getPrototypeOf(got.data), Object.prototype);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');

    const patch = JSON.parse('{"__proto__":{"polluted":"patch"}}') as JsonObject;
    assert.equal(await store.update(key, { set: patch, unset: ['constructor'], expiresAt: got.expiresAt, lastSeenAt: got.lastSeenAt }), true);
    const after = await store.get(key);
    assert.ok(after);
    assert.deepEqual(JSON.parse(JSON.stringify(after.data)).__proto__, { polluted: 'patch' });
    assert.equal(Object.hasOwn(after.data, 'constructor'), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted by a patch');
  });

  add('copy semantics: mutating what went in or came out does not change the stored record', async ({ store, clock }) => {
    const key = randomKey();
    const data = { list: [1, 2], obj: { n: 1 } };
    const record = makeRecord(clock, data);
    await seed(store, key, record);
    data.list.push(3);
    data.obj.n = 99;
    record.expiresAt = 0;
    const first = await store.get(key);
    assert.ok(first);
    assert.deepEqual(first.data, { list: [1, 2], obj: { n: 1 } });
    (first.data.list as number[]).push(4);
    first.userId = 'mutated';
    const second = await store.get(key);
    assert.deepEqual(second?.data, { list: [1, 2], obj: { n: 1 } });
    assert.equal(second?.userId, null);
    assert.notEqual(second?.expiresAt, 0);
  });
}
