import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, test } from 'node:test';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import express from 'express';
import { createClient } from 'redis';
import supertest from 'supertest';
import { toExpressStore } from '../../src/stores/kit/express-interop.js';
import { RedisStore } from '../../src/stores/redis.js';
import { within } from '../support/redis-cluster.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';

// Untyped on purpose: @types/express-session would clash with satchel's Express.Request augmentation.
const require = createRequire(import.meta.url);
const session = require('express-session');

type Req = { session: Record<string, unknown> & { destroy(cb: (err?: unknown) => void): void } };

/** An express-session app counting visits, on any express-session store. */
function app(store: unknown) {
  const server = express();
  server.use(session({ secret: 'redis interop', resave: false, saveUninitialized: false, store, cookie: { maxAge: 60_000 } }));
  server.get('/visit', (req: any, res: any) => {
    const s = (req as Req).session;
    s.visits = typeof s.visits === 'number' ? s.visits + 1 : 1;
    res.json({ visits: s.visits });
  });
  server.get('/logout', (req: any, res: any, next: (err?: unknown) => void) => {
    (req as Req).session.destroy((err) => (err ? next(err) : res.json({ ok: true })));
  });
  return server;
}

describe('RedisStore drives express-session; connect-redis shares the server untouched', () => {
  let client: ReturnType<typeof createClient>;
  before(async () => {
    client = createClient({ url: REDIS_URL });
    client.on('error', () => {});
    await within(REDIS_URL, client.connect(), () => client.destroy());
  });
  after(() => client?.close());

  test('express-session keeps, updates and destroys sessions in satchel\'s RedisStore (toExpressStore)', async () => {
    const satchel = new RedisStore({ client, prefix: `${uniqueName('satchel_es')}:` });
    try {
      const agent = supertest.agent(app(toExpressStore(satchel, { Store: session.Store })));
      assert.deepEqual((await agent.get('/visit').expect(200)).body, { visits: 1 });
      assert.deepEqual((await agent.get('/visit').expect(200)).body, { visits: 2 });
      const [only] = await satchel.all();
      assert.equal(only?.record.data.visits, 2);
      assert.equal(typeof (only?.record.data.cookie as { expires?: unknown })?.expires, 'string');
      await agent.get('/logout').expect(200);
      assert.equal(await satchel.length(), 0);
      assert.deepEqual((await agent.get('/visit').expect(200)).body, { visits: 1 });
    } finally {
      await satchel.clear();
    }
  });

  test('connect-redis sessions under another prefix survive satchel writes, clear() and prune()', async () => {
    const theirPrefix = `${uniqueName('connect_redis')}:`;
    const theirs = new ConnectRedisStore({ client, prefix: theirPrefix });
    const satchel = new RedisStore({ client, prefix: `${uniqueName('satchel_cr')}:` });
    try {
      const agent = supertest.agent(app(theirs));
      assert.deepEqual((await agent.get('/visit').expect(200)).body, { visits: 1 });
      const now = Date.now();
      await satchel.create('mine', { data: { a: 1 }, expiresAt: now + 60_000, createdAt: now, lastSeenAt: now, userId: 'u', userAgent: null });
      assert.deepEqual(await satchel.ids(), ['mine']);
      await satchel.prune();
      await satchel.clear();
      assert.equal(await satchel.length(), 0);
      assert.equal((await theirs.ids()).length, 1, 'connect-redis still holds its session');
      assert.deepEqual((await agent.get('/visit').expect(200)).body, { visits: 2 });
    } finally {
      await theirs.clear();
      await satchel.clear();
    }
  });
});
