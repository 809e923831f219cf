/**
 * Flash is lazy: a request that only reads an empty flash creates no session, calls no store
 * write and sends no cookie, in both modes (FL-05); without a session it is a typed error (FL-07).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import express from 'express';
import request from 'supertest';
import { cookieSession, flash, MemoryStore, session, type SessionStore } from '../../src/index.js';

const SECRET = randomBytes(32).toString('base64url');

/** A MemoryStore that counts each call by operation. */
function countingStore() {
  const inner = new MemoryStore({ sweepInterval: 0 });
  const calls: string[] = [];
  const store = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as unknown as SessionStore;
  return { store, calls };
}

function app(mode: 'stored' | 'sealed', store?: SessionStore) {
  const a = express();
  a.use(mode === 'stored' ? session({ secret: SECRET, store: store! }) : cookieSession({ keys: [SECRET] }));
  a.use(flash());
  a.post('/login', (req, res) => {
    (req.session as unknown as Record<string, unknown>).user = 'u1';
    res.json({ ok: true });
  });
  a.get('/flash', (req, res) => res.json({ messages: req.flash(), info: req.flash('info') }));
  a.post('/flash', (req, res) => res.json({ count: req.flash('info', 'hi') }));
  a.post('/logout-then-flash', (req, res) => {
    (req as unknown as { session: unknown }).session = null;
    res.json({ count: req.flash('info', 'bye') });
  });
  a.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: error.code });
  });
  return a;
}

test('FL-05: session(): an empty flash read by a new visitor calls no store and sends no cookie', async () => {
  const { store, calls } = countingStore();
  const res = await request(app('stored', store)).get('/flash');
  assert.deepEqual(res.body, { messages: {}, info: [] });
  assert.equal(res.headers['set-cookie'], undefined);
  assert.deepEqual(calls, []);
});

test('FL-05: session(): an empty flash read on an existing session only reads the store (no update, no touch, no cookie)', async () => {
  const { store, calls } = countingStore();
  const a = app('stored', store);
  const login = await request(a).post('/login');
  const cookie = login.headers['set-cookie']![0]!.split(';')[0]!;
  calls.length = 0;
  const res = await request(a).get('/flash').set('Cookie', cookie);
  assert.deepEqual(res.body, { messages: {}, info: [] });
  assert.equal(res.headers['set-cookie'], undefined);
  assert.deepEqual(calls, ['get']);
});

test('FL-05: session(): a flash written and read back is saved once each way', async () => {
  const { store, calls } = countingStore();
  const a = app('stored', store);
  const written = await request(a).post('/flash');
  assert.equal(written.body.count, 1);
  assert.deepEqual(calls, ['create']);
  const cookie = written.headers['set-cookie']![0]!.split(';')[0]!;
  calls.length = 0;
  assert.deepEqual((await request(a).get('/flash').set('Cookie', cookie)).body, { messages: { info: ['hi'] }, info: [] });
  assert.deepEqual(calls, ['get', 'update']);
});

test('FL-05: cookieSession(): an empty flash read sends no cookie, for a new visitor and an existing session', async () => {
  const a = app('sealed');
  const fresh = await request(a).get('/flash');
  assert.deepEqual(fresh.body, { messages: {}, info: [] });
  assert.equal(fresh.headers['set-cookie'], undefined);
  const cookie = (await request(a).post('/login')).headers['set-cookie']![0]!.split(';')[0]!;
  const res = await request(a).get('/flash').set('Cookie', cookie);
  assert.deepEqual(res.body, { messages: {}, info: [] });
  assert.equal(res.headers['set-cookie'], undefined);
});

test('FL-07: flash without a session (cookieSession() after logout, or no session middleware) is ERR_SESSION_MISSING', async () => {
  const res = await request(app('sealed')).post('/logout-then-flash');
  assert.equal(res.status, 500);
  assert.equal(res.body.code, 'ERR_SESSION_MISSING');
  const bare = express();
  bare.use(flash());
  bare.get('/', (req, res) => res.json(req.flash()));
  bare.use((error: { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: error.code });
  });
  const none = await request(bare).get('/');
  assert.equal(none.status, 500);
  assert.equal(none.body.code, 'ERR_SESSION_MISSING');
});
