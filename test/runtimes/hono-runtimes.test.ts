/**
 * satchel/hono on the runtimes Hono is chosen for besides Node: a real Bun.serve / Deno.serve
 * server in a child process, driven over real HTTP, in both modes; session() on the MemoryStore
 * and on a RedisStore over node-redis (the runtime's own sockets). Node itself is covered by the
 * edge suite (test/edges/hono.test.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createClient } from 'redis';
import { Client } from '../edges/client.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { startRuntime, type Runtime, type RuntimeServer } from './runtime-server.js';

/** Drops the keys a run's RedisStore left under its prefix. */
async function dropKeys(prefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 100 })) if (keys.length > 0) await client.del(keys);
  } finally {
    await client.quit();
  }
}

const KINDS = [
  { mode: 'stored', store: 'MemoryStore' },
  { mode: 'stored', store: 'RedisStore' },
  { mode: 'sealed', store: null },
] as const;

for (const runtime of ['bun', 'deno'] as Runtime[]) {
  for (const { mode, store } of KINDS) {
    describe(`satchel/hono on ${runtime}: ${mode === 'stored' ? `session() on ${store}` : 'cookieSession()'}`, () => {
      let server: RuntimeServer | undefined;
      const client = () => new Client(server!.url);
      const redis = store === 'RedisStore' ? { url: REDIS_URL, prefix: `${uniqueName(`satchel_${runtime}`)}:` } : undefined;
      before(async () => {
        const secret = mode === 'stored' ? `runtime-secret-${randomBytes(24).toString('base64url')}` : randomBytes(32).toString('base64url');
        server = await startRuntime(runtime, mode, secret, redis);
      });
      after(async () => {
        await server?.close();
        if (redis) await dropKeys(redis.prefix);
      });

      test(`the server runs on ${runtime}${store ? ` with its ${store}` : ''}`, async () => {
        const reply = (await client().get('/read')).json();
        assert.equal(reply.runtime, runtime);
        if (store) assert.equal(reply.store, store);
      });

      test('a new session: no cookie for a read, one for a write, and the value reads back', async () => {
        const c = client();
        assert.deepEqual((await c.get('/read')).setCookies, []);
        const reply = await c.post('/set?k=name&v=Napoleon');
        assert.equal(reply.status, 200, server!.stderr());
        assert.equal(reply.setCookies.length, 1);
        assert.match(reply.setCookies[0]!, /HttpOnly/i);
        assert.equal((await c.read()).data.name, 'Napoleon');
        await c.post('/set?k=rank&v=general');
        assert.deepEqual((await c.read()).data, { name: 'Napoleon', rank: 'general' });
      });

      test('a c.redirect() response carries the cookie, and the write persists', async () => {
        const c = client();
        const reply = await c.get('/redirect');
        assert.equal(reply.status, 302);
        assert.equal(reply.setCookies.length, 1);
        assert.equal((await c.read()).data.redirected, 'yes');
      });

      test('logout clears the cookie and the old cookie opens nothing', async () => {
        const c = client();
        await c.post('/set?k=secret&v=s3');
        const old = c.cookieHeader();
        await c.post('/logout');
        assert.equal(c.jar.size, 0);
        assert.deepEqual((await c.read()).data, {});
        // A sealed cookie stays valid until its deadlines unless the app revokes it (documented).
        if (mode === 'stored') assert.deepEqual((await c.read({ cookie: old })).data, {});
      });

      test('a tampered cookie gives a fresh session', async () => {
        const c = client();
        await c.post('/set?k=x&v=1');
        const [name, value] = [...c.jar][0]!;
        const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
        const reply = await c.get('/read', { cookie: `${name}=${flipped}` });
        assert.equal(reply.status, 200);
        assert.deepEqual(reply.json().data, {});
      });

      test('a commit failure reaches app.onError with its code, without a session cookie', async () => {
        const reply = await client().get('/fail');
        assert.equal(reply.status, 500);
        assert.equal(reply.json().code, 'ERR_SESSION_VALUE');
        assert.deepEqual(reply.setCookies, []);
      });
    });
  }
}
