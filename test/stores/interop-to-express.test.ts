import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import express5 from 'express';
import supertest from 'supertest';
import { isSessionError } from '../../src/errors.js';
import { fromExpressStore, toExpressStore } from '../../src/stores/kit/express-interop.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import type { SessionStore } from '../../src/types.js';

// Untyped on purpose: @types/express-session would clash with satchel's Express.Request augmentation.
const require = createRequire(import.meta.url);
const session = require('express-session');
const express4 = require('express4');
const run = promisify(execFile);

type AnySession = Record<string, unknown> & { regenerate(cb: (err?: unknown) => void): void; destroy(cb: (err?: unknown) => void): void };
type Req = { session: AnySession; body?: unknown };

function app(expressFactory: () => any, store: SessionStore) {
  const server = expressFactory();
  const expressStore = toExpressStore(store, { Store: session.Store });
  server.use(session({ secret: 'interop secret', resave: false, saveUninitialized: false, store: expressStore, cookie: { maxAge: 60_000 } }));
  server.post('/login', (req: Req, res: any, next: (err?: unknown) => void) => {
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.user = 'alice';
      req.session.views = 0;
      res.json({ ok: true });
    });
  });
  server.get('/me', (req: Req, res: any) => {
    if (typeof req.session.views === 'number') req.session.views += 1;
    res.json({ user: req.session.user ?? null, views: req.session.views ?? null });
  });
  server.get('/peek', (req: Req, res: any) => res.json({ user: req.session.user ?? null }));
  server.post('/logout', (req: Req, res: any, next: (err?: unknown) => void) => {
    req.session.destroy((err) => (err ? next(err) : res.json({ ok: true })));
  });
  return { server, expressStore };
}

const stores: Array<[string, () => SessionStore]> = [
  ['MemoryStore', () => new MemoryStore()],
  ['SqliteStore', () => new SqliteStore({ db: new Database(':memory:') })],
];
const frameworks: Array<[string, () => any]> = [
  ['express 5', () => express5()],
  ['express 4', () => express4()],
];

for (const [storeName, makeStore] of stores) {
  for (const [frameworkName, factory] of frameworks) {
    describe(`real express-session middleware on toExpressStore(${storeName}), ${frameworkName}`, () => {
      test('login, persistence across requests, logout destroys the stored session', async () => {
        const store = makeStore();
        const { server } = app(factory, store);
        const agent = supertest.agent(server);
        assert.deepEqual((await agent.get('/me').expect(200)).body, { user: null, views: null });
        assert.equal(await store.length!(), 0, 'saveUninitialized:false stores nothing for an anonymous visit');

        await agent.post('/login').expect(200);
        assert.deepEqual((await agent.get('/me').expect(200)).body, { user: 'alice', views: 1 });
        assert.deepEqual((await agent.get('/me').expect(200)).body, { user: 'alice', views: 2 });
        const [entry] = await store.all!();
        assert.ok(entry);
        assert.equal(entry.record.data.user, 'alice');
        assert.equal(entry.record.data.views, 2);
        assert.equal(typeof (entry.record.data.cookie as { expires?: unknown }).expires, 'string');

        await agent.post('/logout').expect(200);
        assert.equal(await store.get(entry.key), null);
        assert.deepEqual((await agent.get('/peek').expect(200)).body, { user: null });
        await store.close?.();
      });

      test('TM-03: an unmodified request touches (update-only); a touch after logout does not resurrect', async () => {
        const store = makeStore();
        const { server, expressStore } = app(factory, store);
        const agent = supertest.agent(server);
        await agent.post('/login').expect(200);
        const [before] = await store.all!();
        assert.ok(before);
        await new Promise((resolve) => setTimeout(resolve, 5));
        await agent.get('/peek').expect(200);
        const touched = await store.get(before.key);
        assert.ok(touched);
        assert.ok(touched.lastSeenAt > before.record.lastSeenAt, 'the unmodified request reached store.touch');
        assert.deepEqual({ ...touched.data, cookie: null }, { ...before.record.data, cookie: null });

        await agent.post('/logout').expect(200);
        const sessionObject = { cookie: before.record.data.cookie, user: 'alice' };
        await new Promise<void>((resolve, reject) => expressStore.touch(before.key, sessionObject, (err) => (err ? reject(err) : resolve())));
        assert.equal(await store.get(before.key), null);
        await store.close?.();
      });

      test('regenerate destroys the old stored session and leaves exactly one', async () => {
        const store = makeStore();
        const { server } = app(factory, store);
        const agent = supertest.agent(server);
        await agent.post('/login').expect(200);
        await agent.post('/login').expect(200);
        assert.equal(await store.length!(), 1, 'regenerate destroyed the previous session');
        await store.close?.();
      });
    });
  }
}

describe('toExpressStore callbacks', () => {
  test('get/set/destroy/all/length/clear follow the express-session store shapes; reserved keys are dropped on load', async () => {
    const store = new MemoryStore();
    const expressStore = toExpressStore(store);
    const call = <T>(fn: (cb: (err?: unknown, value?: T) => void) => void) =>
      new Promise<T | undefined>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));
    const expires = new Date(Date.now() + 60_000).toISOString();
    await call((cb) => expressStore.set('sid1', { cookie: { originalMaxAge: 60_000, expires, path: '/' }, n: 1, __satchel: { e: 1, c: 1, l: 1 } }, cb));
    assert.deepEqual(await call((cb) => expressStore.get('sid1', cb)), { cookie: { originalMaxAge: 60_000, expires, path: '/' }, n: 1 });
    assert.equal((await store.get('sid1'))?.expiresAt, Date.parse(expires));
    assert.deepEqual(Object.keys((await call((cb) => expressStore.all!(cb))) ?? {}), ['sid1']);
    assert.equal(await call((cb) => expressStore.length!(cb)), 1);
    assert.equal(await call((cb) => expressStore.get('missing', cb)), undefined);
    await call((cb) => expressStore.destroy('sid1', cb));
    assert.equal(await call((cb) => expressStore.length!(cb)), 0);
    await call((cb) => expressStore.set('sid2', { cookie: { expires: null }, n: 2 }, cb));
    await call((cb) => expressStore.clear!(cb));
    assert.equal(await store.length(), 0);
    await store.close();
  });

  test('store errors reach the callback as SessionStoreError; exceptions thrown by the callback are not swallowed', async () => {
    const failing: SessionStore = {
      get: async () => Promise.reject(Object.assign(new Error('backend down'), { code: 'ERR_SESSION_STORE', name: 'SessionStoreError' })),
      create: async () => false,
      update: async () => false,
      destroy: async () => {},
      touch: async () => {},
    };
    const expressStore = toExpressStore(failing);
    const error = await new Promise<unknown>((resolve) => expressStore.get('x', (err) => resolve(err)));
    assert.equal((error as { code?: string }).code, 'ERR_SESSION_STORE');

    // The runner would pin an uncaught exception on this test, so a child process checks it.
    const storeModule = fileURLToPath(new URL('../../src/stores/kit/express-interop.ts', import.meta.url));
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { toExpressStore } = await import(${JSON.stringify(storeModule)});
         process.on('uncaughtException', (error) => console.log('uncaught:', error.message));
         const store = toExpressStore({ get: async () => null, create: async () => false, update: async () => false, destroy: async () => {}, touch: async () => {} });
         store.get('x', () => { throw new Error('thrown by the callback'); });`,
      ],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), timeout: 20_000 },
    );
    assert.equal(stdout.trim(), 'uncaught: thrown by the callback');
  });

  test('audit finding 5: a save that loses both rounds to another writer fails with a SessionError naming no part of the sid', async () => {
    const backing = new MemoryStore();
    const now = Date.now();
    const other = { data: { by: 'other writer' }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null };
    // A real second writer: right after each read it creates the session if the read found none
    // and destroys it if the read found one, so the create and the update that follow both miss.
    const racing: SessionStore = {
      get: async (key) => {
        const found = await backing.get(key);
        if (found) await backing.destroy(key);
        else await backing.create(key, other);
        return found;
      },
      create: (key, record) => backing.create(key, record),
      update: (key, patch) => backing.update(key, patch),
      destroy: (key) => backing.destroy(key),
      touch: (key, expiresAt, lastSeenAt) => backing.touch(key, expiresAt, lastSeenAt),
    };
    const sid = 'Zq8wX3vKt1pL9mR2sB7nY4cD6fH0jG5a';
    const error = await new Promise<unknown>((resolve) => toExpressStore(racing).set(sid, { cookie: { expires: null }, n: 1 }, (err) => resolve(err)));
    assert.ok(isSessionError(error), String(error));
    assert.equal(error.code, 'ERR_SESSION_CONFLICT');
    for (let i = 0; i + 4 <= sid.length; i++) assert.ok(!error.message.includes(sid.slice(i, i + 4)), `message holds sid fragment ${sid.slice(i, i + 4)}: ${error.message}`);
    await backing.close();
  });

  test('a record without a cookie gets one from expiresAt, unless synthesizeCookie is false', async () => {
    const store = new MemoryStore();
    const now = Date.now();
    const expiresAt = now + 60_000;
    await store.create('sid', { data: { n: 1 }, expiresAt, createdAt: 0, lastSeenAt: 0, userId: null, userAgent: null });
    const load = (options: Parameters<typeof toExpressStore>[1]) =>
      new Promise<unknown>((resolve, reject) => toExpressStore(store, { now: () => now, ...options }).get('sid', (err, value) => (err ? reject(err) : resolve(value))));
    assert.deepEqual(await load({}), { n: 1, cookie: { originalMaxAge: 60_000, expires: new Date(expiresAt).toISOString(), httpOnly: true, path: '/' } });
    assert.deepEqual(await load({ synthesizeCookie: false }), { n: 1 });
    await store.close();
  });

  test('fromExpressStore(toExpressStore(store)) unwraps to the same store', () => {
    const store = new MemoryStore();
    assert.equal(fromExpressStore(toExpressStore(store)), store);
    void store.close();
  });

  test('fromExpressStore looks store methods up on every call (express-session tests swap them)', async () => {
    const MemoryStoreEs = session.MemoryStore;
    const express = new MemoryStoreEs();
    const store = fromExpressStore(express);
    const now = Date.now();
    await store.create('k', { data: { a: 1 }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
    const original = express.get;
    let calls = 0;
    express.get = function (this: unknown, sid: string, cb: unknown) {
      calls++;
      return original.call(this, sid, cb);
    };
    assert.deepEqual((await store.get('k'))?.data, { a: 1 });
    assert.equal(calls, 1);
  });

  test('fromExpressStore: a store that never calls back fails with ERR_SESSION_STORE_TIMEOUT', async () => {
    const hanging = { get() {}, set() {}, destroy() {} };
    const store = fromExpressStore(hanging, { operationTimeout: 50 });
    // storeOperation's deadline timer is unref'd; a real app's server keeps the loop alive, here this does.
    const keepAlive = setInterval(() => {}, 1000);
    try {
      await assert.rejects(store.get('k'), { code: 'ERR_SESSION_STORE_TIMEOUT', operation: 'get' });
    } finally {
      clearInterval(keepAlive);
    }
  });
});
