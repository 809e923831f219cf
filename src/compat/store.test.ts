import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { inherits } from 'node:util';
import { registerSessionClasses, Store, type StoreRequest, type StoredSessionData } from './express-session/store-base.js';

// A stand-in for the engine's classes, registered the way the express-session entry will.
class FakeCookie {
  expires: Date | null = null;
  originalMaxAge: number | null = null;
  path = '/';
  constructor(options: Record<string, unknown> = {}) {
    for (const [key, value] of Object.entries(options)) if (key !== 'expires') (this as any)[key] = value;
  }
}
class FakeSession {
  constructor(req: StoreRequest, data: StoredSessionData) {
    Object.defineProperty(this, 'id', { value: req.sessionID });
    Object.assign(this, data);
  }
}
registerSessionClasses({ Session: FakeSession, Cookie: FakeCookie });

// The classic third-party store shape: an ES5 constructor plus util.inherits.
function DictStore(this: any) {
  Store.call(this);
  this.sessions = new Map<string, string>();
}
inherits(DictStore, Store);
DictStore.prototype.get = function (sid: string, cb: (e: unknown, s?: unknown) => void) {
  const raw = this.sessions.get(sid);
  setImmediate(cb, null, raw ? JSON.parse(raw) : undefined);
};
DictStore.prototype.set = function (sid: string, sess: unknown, cb?: () => void) {
  this.sessions.set(sid, JSON.stringify(sess));
  if (cb) setImmediate(cb);
};
DictStore.prototype.destroy = function (sid: string, cb?: (e?: unknown) => void) {
  this.sessions.delete(sid);
  if (cb) setImmediate(cb);
};

describe('express-session Store base', () => {
  test('Store.call(this) + util.inherits gives an initialised EventEmitter with the Store prototype', () => {
    const store = new (DictStore as any)();
    assert.ok(store instanceof Store);
    assert.ok(store instanceof EventEmitter);
    assert.equal(typeof store.regenerate, 'function');
    assert.equal(typeof store.load, 'function');
    assert.equal(typeof store.createSession, 'function');
    let seen = 0;
    store.on('disconnect', () => seen++);
    store.emit('disconnect');
    assert.equal(seen, 1);
    assert.equal((DictStore as any).super_, Store);
  });

  test('a class extending Store works', () => {
    class ClassStore extends Store {
      override get(_sid: string, cb: (e: unknown, s?: StoredSessionData | null) => void) { cb(null, null); }
    }
    const store = new ClassStore();
    assert.ok(store instanceof Store);
    assert.ok(store instanceof EventEmitter);
    assert.equal(store.listenerCount('connect'), 0);
    store.once('connect', () => {});
    assert.equal(store.listenerCount('connect'), 1);
  });

  test('Store itself is an EventEmitter constructor, with or without new', () => {
    assert.ok(new Store() instanceof EventEmitter);
    const bare = (Store as unknown as () => unknown)();
    assert.ok(bare instanceof Store);
    assert.ok(Object.getPrototypeOf(Store.prototype) === EventEmitter.prototype);
  });

  test('load() revives a stored session: Cookie instance, ISO expires back to a Date, originalMaxAge kept', async () => {
    const store = new (DictStore as any)();
    const expires = new Date(Date.UTC(2030, 0, 1));
    store.sessions.set('sid1', JSON.stringify({ cookie: { expires, originalMaxAge: 5000, path: '/' }, user: 'ada' }));
    const session: any = await new Promise((resolve, reject) => store.load('sid1', (err: unknown, s: unknown) => (err ? reject(err) : resolve(s))));
    assert.equal(session instanceof FakeSession, true);
    assert.equal(session.id, 'sid1');
    assert.equal(session.user, 'ada');
    assert.equal(session.cookie instanceof FakeCookie, true);
    assert.deepEqual(session.cookie.expires, expires);
    assert.equal(session.cookie.originalMaxAge, 5000);
  });

  test('load() of an unknown id calls back with nothing; a get error is passed on', async () => {
    const store = new (DictStore as any)();
    const args = await new Promise<unknown[]>((resolve) => store.load('missing', (...a: unknown[]) => resolve(a)));
    assert.deepEqual(args, []);
    const failure = new Error('backend down');
    store.get = (_sid: string, cb: (e: unknown) => void) => cb(failure);
    const err = await new Promise((resolve) => store.load('x', resolve));
    assert.equal(err, failure);
  });

  test('createSession() sets req.session and returns it', () => {
    const store = new (DictStore as any)();
    const req: StoreRequest = { sessionID: 'abc', sessionStore: store };
    const made = store.createSession(req, { cookie: { expires: null, originalMaxAge: null }, n: 1 });
    assert.equal(req.session, made);
    assert.equal((made as any).n, 1);
  });

  test('createSession() throws a TypeError for a record without cookie (upstream answers 500)', () => {
    const store = new (DictStore as any)();
    assert.throws(() => store.createSession({ sessionID: 'a', sessionStore: store }, { n: 1 }), TypeError);
  });

  test('regenerate() destroys the old id, then calls the middleware-assigned generate(), then fn(destroyError)', async () => {
    const store = new (DictStore as any)();
    store.sessions.set('old', '{"cookie":{}}');
    const calls: string[] = [];
    store.generate = (req: StoreRequest) => { calls.push(`generate ${store.sessions.has('old')}`); req.sessionID = 'new'; };
    const req: StoreRequest = { sessionID: 'old', sessionStore: store };
    const err = await new Promise((resolve) => store.regenerate(req, resolve));
    assert.equal(err, undefined);
    assert.deepEqual(calls, ['generate false']);
    assert.equal(req.sessionID, 'new');

    const failure = new Error('destroy failed');
    store.destroy = (_sid: string, cb: (e: unknown) => void) => cb(failure);
    const err2 = await new Promise((resolve) => store.regenerate(req, resolve));
    assert.equal(err2, failure);
    assert.equal(calls.length, 2);
  });
});
