import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { appWith, cookiePair, expressVersions, get, implementations, setCookieFor, sidOf, type Handler } from './express-session-helpers.js';

// An app on the real express-session switches to satchel/express-session (same secret, same
// store): users stay logged in, and switching back works too. Real stores only: the real
// MemoryStore shared in-process, and connect-redis on the Redis server.
const OPTIONS = { secret: 'migration secret', resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } };
const makeApp = expressVersions['express 5']!;

const routes: Handler = (req, res) => {
  if (req.path === '/login') {
    req.session.user = 'alice';
    req.session.cart = { items: [1, 2] };
    return res.end('logged in');
  }
  if (req.path === '/add') {
    req.session.cart.items.push(req.session.cart.items.length + 1);
    return res.end(JSON.stringify(req.session.cart.items));
  }
  if (req.path === '/logout') return req.session.destroy(() => res.end('bye'));
  res.end(req.session.user ? `hello ${req.session.user}` : 'anonymous');
};

function appOn(impl: 'upstream' | 'satchel', store: unknown) {
  return appWith(makeApp, implementations[impl]({ ...OPTIONS, store }), routes);
}

async function switchOver(store: unknown, from: 'upstream' | 'satchel', to: 'upstream' | 'satchel') {
  const login = await get(appOn(from, store), '/login');
  const line = setCookieFor(login);
  assert.ok(line, 'login sets the session cookie');
  const cookie = cookiePair(line);

  const next = appOn(to, store);
  const me = await get(next, '/me', cookie);
  assert.equal(me.text, 'hello alice');
  assert.equal(setCookieFor(me), undefined, 'an unchanged session is not re-cookied');
  const added = await get(next, '/add', cookie);
  assert.equal(added.text, '[1,2,3]');
  assert.equal(sidOf(setCookieFor(added)), sidOf(line), 'same session id after the switch');

  // The record written by the new app still reads in the old one.
  const back = await get(appOn(from, store), '/add', cookie);
  assert.equal(back.text, '[1,2,3,4]');
  assert.equal((await get(next, '/logout', cookie)).text, 'bye');
  assert.equal((await get(appOn(from, store), '/me', cookie)).text, 'anonymous');
}

describe('COMPAT-ES migration: express-session sessions keep working under satchel/express-session', () => {
  test('COMPAT-ES-MIG: real express-session MemoryStore shared, express-session → satchel', async () => {
    await switchOver(new implementations.upstream.MemoryStore(), 'upstream', 'satchel');
  });

  test('COMPAT-ES-MIG: satchel → express-session on the drop-in MemoryStore (rollback)', async () => {
    await switchOver(new implementations.satchel.MemoryStore(), 'satchel', 'upstream');
  });

  describe('connect-redis on the Redis server', () => {
    let client: ReturnType<typeof createClient>;
    before(async () => {
      client = createClient({ url: REDIS_URL, socket: { reconnectStrategy: false, connectTimeout: 3000 } });
      client.on('error', () => {});
      await client.connect();
    });
    after(() => client?.close());

    for (const [from, to] of [['upstream', 'satchel'], ['satchel', 'upstream']] as const) {
      test(`COMPAT-ES-MIG: connect-redis store, ${from} → ${to}`, async () => {
        const prefix = `${uniqueName('satchel_es_mig')}:`;
        const store = new ConnectRedisStore({ client, prefix });
        try {
          await switchOver(store, from, to);
          const keys = await client.keys(`${prefix}*`);
          assert.deepEqual(keys, [], 'logout destroyed the record in Redis');
        } finally {
          const keys = await client.keys(`${prefix}*`);
          if (keys.length > 0) await client.del(keys);
        }
      });
    }

    test('COMPAT-ES-MIG: the Redis record holds exactly express-session\'s JSON (raw sid key, no satchel metadata)', async () => {
      const prefix = `${uniqueName('satchel_es_raw')}:`;
      const store = new ConnectRedisStore({ client, prefix });
      try {
        const login = await get(appOn('satchel', store), '/login');
        const sid = sidOf(setCookieFor(login));
        const raw = JSON.parse((await client.get(`${prefix}${sid}`))!) as Record<string, unknown>;
        assert.deepEqual(Object.keys(raw).sort(), ['cart', 'cookie', 'user']);
        assert.deepEqual(Object.keys(raw.cookie as object).sort(), ['expires', 'httpOnly', 'originalMaxAge', 'path']);
      } finally {
        const keys = await client.keys(`${prefix}*`);
        if (keys.length > 0) await client.del(keys);
      }
    });
  });
});
