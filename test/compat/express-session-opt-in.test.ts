import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import session from '../../src/compat/express-session.js';
import { appWith, cookiePair, expressVersions, get, setCookieFor, type Handler } from './express-session-helpers.js';

// satchel behaviour the drop-in offers only when asked: express-session's defaults stay the default.
const makeApp = expressVersions['express 5']!;
// secureDefaults applies satchel's secret policy, so this one is random.
const SECRET = 'Zk9q2T-opt-in-x8VbN3mW1rLcYp0sHd7e';
const count: Handler = (req, res) => {
  req.session.n = (req.session.n ?? 0) + 1;
  res.end(String(req.session.n));
};
const attributes = (line: string | undefined) => (line ?? '').split('; ').slice(1).sort();

describe('COMPAT-ES: opt-in satchel behaviour (off by default)', () => {
  test('COMPAT-ES: onDisconnect "error" turns a disconnected store into a SessionStoreError', async () => {
    const store = new session.MemoryStore();
    const app = appWith(makeApp, session({ secret: SECRET, store, resave: false, saveUninitialized: false, onDisconnect: 'error' }), count);
    store.emit('disconnect');
    const res = await get(app);
    assert.equal(res.status, 500);
    assert.match(res.text, /^error: the session store is disconnected/);
    store.emit('connect');
    assert.equal((await get(app)).text, '1');
  });

  test('COMPAT-ES: secureDefaults: no save of untouched sessions, HttpOnly + SameSite=Lax + Secure by request, unset destroys', async () => {
    const store = new session.MemoryStore() as any;
    const app = appWith(makeApp, session({ secret: SECRET, store, proxy: true, secureDefaults: true, cookie: { maxAge: 60_000 } }), (req, res) => {
      if (req.path === '/login') req.session.user = 'alice';
      if (req.path === '/logout') req.session = null;
      res.end('ok');
    });
    assert.equal(setCookieFor(await get(app, '/')), undefined, 'saveUninitialized false');
    assert.equal(Object.keys(store.sessions).length, 0);
    const plain = attributes(setCookieFor(await get(app, '/login')));
    assert.ok(plain.includes('HttpOnly') && plain.includes('SameSite=Lax') && !plain.includes('Secure'), plain.join('; '));
    const login = await get(app, '/login', undefined, { 'X-Forwarded-Proto': 'https' });
    assert.ok(attributes(setCookieFor(login)).includes('Secure'));
    assert.equal(Object.keys(store.sessions).length, 2);
    await get(app, '/logout', cookiePair(setCookieFor(login)), { 'X-Forwarded-Proto': 'https' });
    assert.equal(Object.keys(store.sessions).length, 1, 'unset: destroy');
  });

  test('COMPAT-ES: secureDefaults never overrides what the app set', async () => {
    const app = appWith(makeApp, session({ secret: SECRET, secureDefaults: true, saveUninitialized: true, cookie: { sameSite: 'strict', httpOnly: false } }), (_req, res) => res.end());
    const line = attributes(setCookieFor(await get(app)));
    assert.ok(line.includes('SameSite=Strict') && !line.includes('HttpOnly'), line.join('; '));
  });
});
