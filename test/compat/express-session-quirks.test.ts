import { describe, test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inherits } from 'node:util';
import session from '../../src/compat/express-session.js';
import * as entry from '../../src/compat/express-session.js';
import type { ExpressSessionOptions } from '../../src/compat/express-session.js';
import { appWith, cookiePair, expressVersions, get, implementations, setCookieFor, sidOf, type Handler } from './express-session-helpers.js';

// Behaviour the upstream suite does not pin down: module shape, the 1.19 additions with the
// function-form `'auto'` fix, the shared-store fix (#521), store events, warnings, hostile input.
const makeApp = expressVersions['express 5']!;
const SECRET = 'quirks secret';
const count: Handler = (req, res) => {
  req.session.n = (req.session.n ?? 0) + 1;
  res.end(String(req.session.n));
};
const attributes = (line: string | undefined) => (line ?? '').split('; ').slice(1).sort();

describe('COMPAT-ES: module shape', () => {
  test('COMPAT-ES: the entry has only a default export (so the CommonJS build is `module.exports = session`: require() returns the function)', () => {
    assert.deepEqual(Object.keys(entry), ['default']);
    assert.equal(typeof session, 'function');
    for (const name of ['Store', 'Session', 'Cookie', 'MemoryStore'] as const) assert.equal(typeof session[name], 'function', name);
  });

  test('COMPAT-ES: Store works as an ES5 base (Store.call + util.inherits) and as a class base', () => {
    function LegacyStore(this: any) {
      session.Store.call(this);
      this.sessions = {};
    }
    inherits(LegacyStore, session.Store as never);
    const legacy = new (LegacyStore as any)();
    assert.ok(legacy instanceof session.Store);
    assert.equal(typeof legacy.on, 'function');
    class ModernStore extends session.Store {}
    assert.ok(new ModernStore() instanceof session.Store);
  });

  test('COMPAT-ES: construction errors keep express-session\'s messages', () => {
    assert.throws(() => session({ secret: SECRET, genid: 'x' as never }), { name: 'TypeError', message: /genid.*must/ });
    assert.throws(() => session({ secret: SECRET, unset: 'x' as never }), { name: 'TypeError', message: /unset.*must/ });
    assert.throws(() => session({ secret: [] }), { name: 'TypeError', message: /secret option array/ });
    assert.throws(() => session({ secret: SECRET, store: {} }), /store.on is not a function/);
  });

  test('COMPAT-ES: ids are 24 random bytes, base64url (32 characters), unique', async () => {
    const app = appWith(makeApp, session({ secret: SECRET, resave: false, saveUninitialized: true }), count);
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(sidOf(setCookieFor(await get(app))));
    assert.equal(ids.size, 5);
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{32}$/);
  });
});

describe('COMPAT-ES: cookie as a function and "auto" values (1.19)', () => {
  const options = (cookie: unknown, extra: Record<string, unknown> = {}): ExpressSessionOptions => ({ secret: SECRET, resave: false, saveUninitialized: true, cookie: cookie as ExpressSessionOptions['cookie'], ...extra });

  test('COMPAT-ES: the function gets req and its options apply', async () => {
    const app = appWith(makeApp, session(options((req: any) => ({ path: req.url, httpOnly: true, secure: false, maxAge: 1000 }))), count);
    const line = setCookieFor(await get(app, '/test'));
    assert.ok(attributes(line).includes('Path=/test'));
    assert.ok(!attributes(line).includes('Secure'));
  });

  for (const form of ['object', 'function'] as const) {
    const cookie = { secure: 'auto', sameSite: 'auto' };
    const option = form === 'object' ? cookie : () => ({ ...cookie });
    test(`COMPAT-ES: secure/sameSite "auto" in the ${form} form: Secure + None over HTTPS, Lax over HTTP`, async () => {
      const app = appWith(makeApp, session(options(option, { proxy: true })), count);
      const secure = attributes(setCookieFor(await get(app, '/', undefined, { 'X-Forwarded-Proto': 'https' })));
      assert.ok(secure.includes('Secure') && secure.includes('SameSite=None'), secure.join('; '));
      const plain = await get(app, '/');
      const insecure = attributes(setCookieFor(plain));
      assert.ok(!insecure.includes('Secure') && insecure.includes('SameSite=Lax'), insecure.join('; '));
    });
  }

  test('COMPAT-ES deviation: function-form secure "auto" over HTTP: express-session 1.19 sends no cookie, satchel a plain one', async () => {
    const option = () => ({ secure: 'auto', maxAge: 1000 });
    const upstream = await get(appWith(makeApp, implementations.upstream(options(option)), count));
    assert.equal(setCookieFor(upstream), undefined, 'the literal "auto" stays truthy upstream');
    const satchel = attributes(setCookieFor(await get(appWith(makeApp, session(options(option)), count))));
    assert.ok(satchel.length > 0 && !satchel.includes('Secure'), satchel.join('; '));
  });

  test('COMPAT-ES: "auto" is decided once, at creation, and stored with the session', async () => {
    const store = new session.MemoryStore() as any;
    const app = appWith(makeApp, session(options({ secure: 'auto', maxAge: 60_000 }, { proxy: true, store })), count);
    const first = await get(app, '/', undefined, { 'X-Forwarded-Proto': 'https' });
    const sid = sidOf(setCookieFor(first));
    assert.equal(JSON.parse(store.sessions[sid]).cookie.secure, true);
    // The same session over plain HTTP: its cookie is Secure, so it is not sent there.
    const again = await get(app, '/', cookiePair(setCookieFor(first)));
    assert.equal(again.text, '2');
    assert.equal(setCookieFor(again), undefined);
  });
});

describe('COMPAT-ES: two middlewares sharing one store keep their own cookie options (express-session #521)', () => {
  test('COMPAT-ES: each instance generates sessions with its own options', async () => {
    const store = new session.MemoryStore();
    const admin = session({ secret: SECRET, store, resave: false, saveUninitialized: true, cookie: { path: '/admin', maxAge: 1000 } });
    const site = session({ secret: SECRET, store, resave: false, saveUninitialized: true, name: 'site.sid', cookie: { path: '/', maxAge: 5000 } });
    const app = makeApp();
    app.use('/admin', admin);
    app.use(site);
    app.use(count);
    assert.ok(attributes(setCookieFor(await get(app, '/admin/x'))).includes('Path=/admin'));
    assert.ok(attributes(setCookieFor(await get(app, '/home'), 'site.sid')).includes('Path=/'));
    const regen = appWith(makeApp, admin, (req, res) => req.session.regenerate(() => res.end(req.session.cookie.path)));
    assert.equal((await get(regen, '/admin/y')).text, '/admin', 'regenerate uses this instance too');
  });
});

describe('COMPAT-ES: store connection events', () => {
  test('COMPAT-ES: after "disconnect" requests pass with no session and no error; "connect" restores', async () => {
    const store = new session.MemoryStore();
    const app = appWith(makeApp, session({ secret: SECRET, store, resave: false, saveUninitialized: true }), (req, res) => res.end(typeof req.session));
    store.emit('disconnect');
    const down = await get(app);
    assert.equal(down.status, 200);
    assert.equal(down.text, 'undefined');
    assert.equal(setCookieFor(down), undefined);
    store.emit('connect');
    assert.equal((await get(app)).text, 'object');
  });
});

describe('COMPAT-ES: warnings', () => {
  test('COMPAT-ES: production with MemoryStore prints express-session\'s exact warning', () => {
    const warn = mock.method(console, 'warn', () => {});
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      session({ secret: SECRET, resave: false, saveUninitialized: false });
      assert.equal(warn.mock.callCount(), 1);
      assert.equal(
        warn.mock.calls[0]!.arguments[0],
        'Warning: connect.session() MemoryStore is not\ndesigned for a production environment, as it will leak\nmemory, and will not scale past a single process.',
      );
    } finally {
      process.env.NODE_ENV = previous;
      warn.mock.restore();
    }
  });

  test('COMPAT-ES: undefined resave/saveUninitialized and a missing secret emit DeprecationWarnings, once each', () => {
    // A fresh process: each warning is emitted once per process, like depd's once per call site.
    const entryUrl = new URL('../../src/compat/express-session.ts', import.meta.url).href;
    const script = `import(${JSON.stringify(entryUrl)}).then(({ default: session }) => { session({}); session({}); })`;
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const lines = result.stderr.split('\n').filter((line) => line.includes('DeprecationWarning'));
    assert.deepEqual(
      lines.map((line) => line.replace(/^.*DeprecationWarning: /, '')),
      [
        'express-session deprecated undefined resave option; provide resave option',
        'express-session deprecated undefined saveUninitialized option; provide saveUninitialized option',
        'express-session deprecated req.secret; provide secret option',
      ],
    );
  });
});

describe('IN-04: hostile cookies never throw (drop-in)', () => {
  const values = [
    '%', '%E0%A4%A', 's%3A', 's:', 's:.', 's:abc', 's:abc.', 's:.sig', `s:${'a'.repeat(5000)}.x`, 'connect.sid', '=', '""', 's:%00.%00',
  ];
  test('IN-04: malformed, truncated, oversized and duplicate session cookies give a fresh session', async () => {
    for (const impl of ['upstream', 'satchel'] as const) {
      const app = appWith(makeApp, implementations[impl]({ secret: SECRET, resave: false, saveUninitialized: false }), count);
      for (const value of values) {
        const res = await get(app, '/', `connect.sid=${value}; connect.sid=${value}`);
        assert.equal(res.status, 200, `${impl}: ${value}`);
        assert.equal(res.text, '1', `${impl}: ${value}`);
      }
    }
  });
});

describe('COMPAT-ES: res.end callbacks survive the end-of-response hold (express-session #477)', () => {
  for (const form of ['end(chunk, cb)', 'end(cb)'] as const) {
    test(`COMPAT-ES: ${form} runs its callback after the held save`, async () => {
      const store = new session.MemoryStore() as any;
      const set = store.set;
      const order: string[] = [];
      store.set = function (this: unknown, ...args: any[]) {
        // A slow store: the response must wait for it, then the callback fires.
        setTimeout(() => {
          order.push('set');
          set.apply(this, args);
        }, 20);
      };
      const app = appWith(makeApp, session({ secret: SECRET, store, resave: false, saveUninitialized: false }), (req, res) => {
        req.session.a = 1;
        const done = () => order.push('callback');
        if (form === 'end(cb)') res.end(done);
        else res.end('body', done);
      });
      const res = await get(app);
      assert.equal(res.status, 200);
      assert.equal(res.text, form === 'end(cb)' ? '' : 'body');
      assert.ok(setCookieFor(res));
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(order, ['set', 'callback']);
    });
  }
});
