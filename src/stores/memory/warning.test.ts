import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DURABLE_STORES, MEMORY_STORE_WARNING_CODE, warnDefaultMemoryStore } from './warning.js';

test('audit finding 4b: the default MemoryStore in production warns once per process, naming every durable store', async () => {
  const warnings: Error[] = [];
  const listen = (warning: Error) => warnings.push(warning);
  process.on('warning', listen);
  try {
    assert.equal(warnDefaultMemoryStore('development'), false);
    assert.equal(warnDefaultMemoryStore(undefined), false);
    assert.equal(warnDefaultMemoryStore('test'), false);
    assert.equal(warnDefaultMemoryStore('production'), true);
    assert.equal(warnDefaultMemoryStore('production'), false);
    assert.equal(warnDefaultMemoryStore('production'), false);
    // process.emitWarning delivers on the next tick.
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(warnings.length, 1);
    const [warning] = warnings as [Error & { code?: string }];
    assert.equal(warning.code, MEMORY_STORE_WARNING_CODE);
    assert.equal(warning.name, 'SatchelWarning');
    assert.deepEqual(DURABLE_STORES, ['satchel/sqlite', 'satchel/redis', 'satchel/postgres', 'satchel/mysql', 'satchel/mongodb']);
    for (const store of DURABLE_STORES) assert.ok(warning.message.includes(store), `names ${store}`);
    assert.match(warning.message, /MemoryStore/);
  } finally {
    process.off('warning', listen);
  }
});
