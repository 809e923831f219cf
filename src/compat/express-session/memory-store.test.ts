import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { promisify } from 'node:util';
import { Store } from './store-base.js';
import { MemoryStore } from './memory-store.js';

const session = (expires: Date | null, data: Record<string, any> = {}) => ({ cookie: { originalMaxAge: null, expires, path: '/' }, ...data });

describe('express-session MemoryStore (drop-in)', () => {
  test('inherits Store and works with or without new', () => {
    assert.ok(new MemoryStore() instanceof Store);
    assert.ok((MemoryStore as unknown as () => unknown)() instanceof MemoryStore);
  });

  test('JSON round trip: get returns a copy with expires as an ISO string', async () => {
    const store = new MemoryStore();
    const expires = new Date(Date.now() + 60_000);
    const stored: Record<string, any> = session(expires, { user: { name: 'alice' } });
    await promisify(store.set.bind(store))('sid1', stored as never);
    stored.user.name = 'mallory';
    const read = (await promisify(store.get.bind(store))('sid1')) as unknown as Record<string, any>;
    assert.equal(read.user.name, 'alice');
    assert.equal(read.cookie.expires, expires.toISOString());
  });

  test('expired sessions are dropped when read; length/all/clear see only live ones', async () => {
    const store = new MemoryStore();
    const set = promisify(store.set.bind(store));
    await set('live', session(new Date(Date.now() + 60_000)) as never);
    await set('browser', session(null) as never);
    await set('dead', session(new Date(Date.now() - 1)) as never);
    assert.equal(await promisify(store.length.bind(store))(), 2);
    assert.deepEqual(Object.keys((await promisify(store.all.bind(store))()) as object).sort(), ['browser', 'live']);
    assert.equal(store.sessions.dead, undefined);
    await promisify(store.clear.bind(store))();
    assert.equal(await promisify(store.length.bind(store))(), 0);
  });

  test('touch rewrites only the cookie and never re-creates a destroyed session', async () => {
    const store = new MemoryStore();
    await promisify(store.set.bind(store))('s', session(null, { n: 1 }) as never);
    const later = new Date(Date.now() + 120_000);
    await promisify(store.touch.bind(store))('s', session(later, { n: 99 }) as never);
    const read = (await promisify(store.get.bind(store))('s')) as unknown as Record<string, any>;
    assert.equal(read.n, 1);
    assert.equal(read.cookie.expires, later.toISOString());
    await promisify(store.destroy.bind(store))('s');
    await promisify(store.touch.bind(store))('s', session(later) as never);
    assert.equal(await promisify(store.length.bind(store))(), 0);
  });

  test('callbacks are deferred, never synchronous', () => {
    const store = new MemoryStore();
    let called = false;
    store.get('missing', () => {
      called = true;
    });
    assert.equal(called, false);
  });
});
