import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import session from '../../src/compat/express-session.js';
import { MemoryStore as SatchelMemoryStore } from '../../src/stores/memory/store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import type { SessionStore } from '../../src/types.js';
import { uniqueName } from '../support/servers.js';
import { appWith, cookiePair, expressVersions, get, setCookieFor, sidOf, type Handler } from './express-session-helpers.js';

// satchel's own stores plug straight into the drop-in (adapted with toExpressStore), and the
// opt-in `hashIds` keeps raw ids out of the store (SID-05).
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3') as new (file: string) => { close(): void; prepare: unknown; exec: unknown };
const makeApp = expressVersions['express 5']!;
const OPTIONS = { secret: 'satchel stores secret', resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } };

const routes: Handler = (req, res, next) => {
  if (req.path === '/regenerate') {
    return req.session.regenerate((err: unknown) => {
      if (err) return next(err);
      req.session.views = 100;
      res.end(`regenerated ${req.session.id}`);
    });
  }
  if (req.path === '/logout') return req.session.destroy((err: unknown) => (err ? next(err) : res.end('bye')));
  req.session.views = (req.session.views ?? 0) + 1;
  res.end(String(req.session.views));
};

async function lifecycle(store: SessionStore): Promise<void> {
  const app = appWith(makeApp, session({ ...OPTIONS, store }), routes);
  const first = await get(app, '/');
  assert.equal(first.text, '1');
  const id = sidOf(setCookieFor(first));
  let cookie = cookiePair(setCookieFor(first));
  assert.equal((await store.get(id))?.data.views, 1, 'stored under the raw id');
  assert.equal((await get(app, '/', cookie)).text, '2');

  const regenerated = await get(app, '/regenerate', cookie);
  const newId = sidOf(setCookieFor(regenerated));
  assert.notEqual(newId, id);
  assert.equal(await store.get(id), null, 'the old record is gone');
  cookie = cookiePair(setCookieFor(regenerated));
  assert.equal((await get(app, '/', cookie)).text, '101');
  assert.equal((await get(app, '/', `connect.sid=${encodeURIComponent(`s:${id}.x`)}`)).text, '1', 'the old cookie does not come back');

  assert.equal((await get(app, '/logout', cookie)).text, 'bye');
  assert.equal(await store.get(newId), null);
  assert.equal((await get(app, '/', cookie)).text, '1', 'a destroyed session is not resurrected');
}

describe('COMPAT-ES: satchel stores behind satchel/express-session', () => {
  test('COMPAT-ES-STORE: satchel MemoryStore: create, update, regenerate, destroy', async () => {
    const store = new SatchelMemoryStore({ sweepInterval: 0 });
    try {
      await lifecycle(store);
    } finally {
      await store.close();
    }
  });

  test('COMPAT-ES-STORE: SqliteStore: create, update, regenerate, destroy', async () => {
    const db = new Database(':memory:');
    const store = new SqliteStore({ db: db as never, table: uniqueName('es_dropin'), pruneInterval: 0 });
    try {
      await lifecycle(store);
    } finally {
      await store.close();
      db.close();
    }
  });
});

describe('SID-05: hashIds (opt-in) stores sessions under SHA-256(sid)', () => {
  const sha256 = (id: string) => createHash('sha256').update(id).digest('hex');

  test('SID-05: with hashIds the store key is the SHA-256 hex of the id, and the session round-trips', async () => {
    const store = new session.MemoryStore() as unknown as { sessions: Record<string, string> };
    const app = appWith(makeApp, session({ ...OPTIONS, store, hashIds: true }), routes);
    const first = await get(app, '/');
    const id = sidOf(setCookieFor(first));
    assert.deepEqual(Object.keys(store.sessions), [sha256(id)]);
    const cookie = cookiePair(setCookieFor(first));
    assert.equal((await get(app, '/', cookie)).text, '2');
    const regenerated = await get(app, '/regenerate', cookie);
    const newId = sidOf(setCookieFor(regenerated));
    assert.deepEqual(Object.keys(store.sessions), [sha256(newId)], 'regenerate destroys the hashed key');
    assert.equal((await get(app, '/logout', cookiePair(setCookieFor(regenerated)))).text, 'bye');
    assert.deepEqual(Object.keys(store.sessions), []);
  });

  test('SID-05: a stolen store key is not a usable cookie id', async () => {
    const store = new session.MemoryStore() as unknown as { sessions: Record<string, string> };
    const secret = OPTIONS.secret;
    const app = appWith(makeApp, session({ ...OPTIONS, store, hashIds: true }), routes);
    await get(app, '/');
    const [key] = Object.keys(store.sessions);
    const signature = require('cookie-signature') as { sign(value: string, secret: string): string };
    const forged = `connect.sid=${encodeURIComponent(`s:${signature.sign(key!, secret)}`)}`;
    assert.equal((await get(app, '/', forged)).text, '1', 'a fresh session, not the stored one');
  });

  test('SID-05: off by default: keys are raw ids (express-session compatible)', async () => {
    const store = new session.MemoryStore() as unknown as { sessions: Record<string, string> };
    const app = appWith(makeApp, session({ ...OPTIONS, store }), routes);
    const id = sidOf(setCookieFor(await get(app, '/')));
    assert.deepEqual(Object.keys(store.sessions), [id]);
  });
});
