import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import session from '../../src/compat/express-session.js';
import { MemoryStore as SatchelMemoryStore } from '../../src/stores/memory/store.js';
import { toExpressStore } from '../../src/stores/kit/express-interop.js';
import { RedisStore } from '../../src/stores/redis.js';
import type { SessionStore } from '../../src/types.js';
import { connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { uniqueName } from '../support/servers.js';
import { appWith, cookiePair, expressVersions, get, setCookieFor, sidOf, type Handler } from './express-session-helpers.js';

// audit L5: a request still running when the user logs out used to save at its end and, through
// the adapter's create-on-miss `set`, re-create the destroyed session. On a satchel store the
// drop-in now saves a session it loaded with update-only semantics; a new session still creates.
const makeApp = expressVersions['express 5']!;
const OPTIONS = { secret: 'logout race secret', resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } };

/** `/slow` parks after loading until `release()`; the test logs out meanwhile. */
function slowRoutes() {
  let arrived!: () => void;
  let release!: () => void;
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  const gate = new Promise<void>((resolve) => (release = resolve));
  const handler: Handler = (req, res, next) => {
    if (req.path === '/login') {
      req.session.user = 'ada';
      return res.end('in');
    }
    if (req.path === '/logout') return req.session.destroy((err: unknown) => (err ? next(err) : res.end('bye')));
    if (req.path === '/slow') {
      arrived();
      return void gate.then(() => {
        req.session.lastPage = 'slow';
        if (req.query.explicit) return req.session.save((err: unknown) => (err ? next(err) : res.end('slow done')));
        res.end('slow done');
      });
    }
    if (req.path === '/whoami') return res.end(String(req.session.user ?? 'nobody'));
    next();
  };
  return { handler, reached, release };
}

async function raceLogout(store: object, keyOf: (sid: string) => string, read: (key: string) => Promise<unknown>, extra: object = {}, slowPath = '/slow') {
  const { handler, reached, release } = slowRoutes();
  const app = appWith(makeApp, session({ ...OPTIONS, ...extra, store }), handler);
  const login = await get(app, '/login');
  const cookie = cookiePair(setCookieFor(login));
  const key = keyOf(sidOf(setCookieFor(login)));
  assert.ok(await read(key), 'logged in: the record exists');

  const slow = get(app, slowPath, cookie).then((res) => res);
  await reached;
  assert.equal((await get(app, '/logout', cookie)).text, 'bye');
  assert.equal(await read(key), null, 'logout destroyed the record');
  release();
  const slowResponse = await slow;
  assert.equal(slowResponse.status, 200, slowResponse.text);
  assert.equal(slowResponse.text, 'slow done');
  assert.equal(await read(key), null, 'the slow request did not bring the session back');
  assert.equal((await get(app, '/whoami', cookie)).text, 'nobody', 'the old cookie is logged out');
}

const satchelRead = (store: SessionStore) => async (key: string) => (await store.get(key)) ?? null;
const sha256 = (id: string) => createHash('sha256').update(id).digest('hex');

describe('audit L5: a logged-out session stays gone (drop-in on satchel stores)', () => {
  test('audit L5: MemoryStore: slow request + concurrent logout, the end-of-request save does not re-create', async () => {
    const store = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      await raceLogout(store, (sid) => sid, satchelRead(store));
    } finally {
      await store.close();
    }
  });

  test('audit L5: MemoryStore: an explicit req.session.save() after the logout does not re-create either', async () => {
    const store = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      await raceLogout(store, (sid) => sid, satchelRead(store), {}, '/slow?explicit=1');
    } finally {
      await store.close();
    }
  });

  test('audit L5: MemoryStore with resave: true and hashIds (the keyed view carries update-only too)', async () => {
    const store = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      await raceLogout(store, sha256, satchelRead(store), { resave: true, hashIds: true });
    } finally {
      await store.close();
    }
  });

  test('audit L5: an adapter the app built itself with toExpressStore gets the same protection', async () => {
    const inner = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      await raceLogout(toExpressStore(inner, { Store: session.Store as never }), (sid) => sid, satchelRead(inner));
    } finally {
      await inner.close();
    }
  });

  test('audit L5: a brand-new session is still created, and saved again within its request', async () => {
    const store = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      const handler: Handler = (req, res, next) => {
        req.session.step = 1;
        req.session.save((err: unknown) => {
          if (err) return next(err);
          req.session.step = 2;
          res.end('ok');
        });
      };
      const app = appWith(makeApp, session({ ...OPTIONS, store }), handler);
      const res = await get(app, '/');
      assert.equal((await store.get(sidOf(setCookieFor(res))))?.data.step, 2);
    } finally {
      await store.close();
    }
  });

  describe('on a real Redis server', () => {
    let redis: TestRedis;
    let store: RedisStore;
    before(async () => {
      redis = await connectStandalone('node-redis 5');
      store = new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_l5')}:` });
    });
    after(async () => {
      await store.clear();
      await redis.quit();
    });

    test('audit L5: RedisStore: slow request + concurrent logout, the record stays gone', async () => {
      await raceLogout(store, (sid) => sid, satchelRead(store));
    });
  });
});
