import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expressVersions,
  implementations,
  Keygrip,
  observe,
  signedCookie,
  type Scenario,
} from './support/side-by-side.js';

// The same request against the real cookie-session 2.1.1 and satchel's drop-in must give the
// same status, body and Set-Cookie lines. Date is frozen so `expires=` compares exactly.
const KEYS = ['a', 'b'];
const withKeys = (extra: Record<string, unknown> = {}) => () => ({ keys: [...KEYS], ...extra });
const populated = { message: 'hello' };

const scenarios: Record<string, Scenario> = {
  'new session, populated: value and .sig cookies': {
    options: withKeys(),
    handler: (req, res) => { req.session.message = 'hi'; res.end(String(req.sessionOptions.httpOnly)); },
  },
  'new session, not accessed: no Set-Cookie': {
    options: withKeys(),
    handler: (_req, res) => res.end('greetings'),
  },
  'new session, accessed and empty: no Set-Cookie': {
    options: withKeys(),
    handler: (req, res) => res.end(JSON.stringify(req.session) + String(req.session.isNew) + String(req.session.isPopulated)),
  },
  'saved session, read unchanged: same data, no Set-Cookie': {
    options: withKeys(),
    cookie: signedCookie(populated, 'a'),
    handler: (req, res) => res.end(`${req.session.message} ${req.session.isNew} ${req.session.isChanged}`),
  },
  'saved session, changed: both cookies re-sent': {
    options: withKeys(),
    cookie: signedCookie(populated, 'a'),
    handler: (req, res) => { req.session.money = '$$$'; res.end(String(req.session.isChanged)); },
  },
  'saved session, deep change detected': {
    options: withKeys(),
    cookie: signedCookie({ cart: { items: [1] } }, 'a'),
    handler: (req, res) => { req.session.cart.items.push(2); res.end(); },
  },
  'req.session = null without a request cookie expires both cookies': {
    options: withKeys(),
    handler: (req, res) => { req.session = null; res.end(JSON.stringify(req.session)); },
  },
  'req.session = null with a cookie expires both cookies': {
    options: withKeys({ maxAge: 60_000, sameSite: 'lax' }),
    cookie: signedCookie(populated, 'a'),
    handler: (req, res) => { req.session = null; res.end(); },
  },
  'req.session = {} sends nothing': {
    options: withKeys(),
    handler: (req, res) => { req.session = {}; res.end(String(req.session.isNew)); },
  },
  'req.session = {a: b} creates a session': {
    options: withKeys(),
    cookie: signedCookie(populated, 'a'),
    handler: (req, res) => { req.session = { other: 1 }; res.end(String(req.session.isNew)); },
  },
  "req.session = 'str' throws the upstream message": {
    options: withKeys(),
    handler: (req, res) => { req.session = 'aklsdjfasdf'; res.end(); },
  },
  'options read through the prototype chain (Object.create(options))': {
    options: () => {
      const proto = { name: 'my.session', maxAge: 3_600_000, sameSite: 'strict', domain: 'example.test' };
      const opts = Object.create(proto);
      opts.keys = [...KEYS];
      return opts;
    },
    handler: (req, res) => { req.session.message = 'hi'; res.end(`${req.sessionOptions.name} ${Object.keys(req.sessionOptions).length}`); },
  },
  'req.sessionOptions.maxAge set per request': {
    options: withKeys({ maxAge: 3_600_000 }),
    handler: (req, res) => { req.sessionOptions.maxAge = 6_500_000; req.session.message = 'hi'; res.end(); },
  },
  'attributes: path, domain, sameSite none, priority, partitioned, httpOnly false': {
    options: withKeys({ path: '/app', domain: 'example.test', sameSite: 'none', priority: 'High', partitioned: true, httpOnly: false, expires: new Date(Date.UTC(2030, 0, 1)) }),
    handler: (req, res) => { req.session.n = 1; res.end(); },
  },
  'sameSite: true means strict': {
    options: withKeys({ sameSite: true }),
    handler: (req, res) => { req.session.n = 1; res.end(); },
  },
  'secure: true on plain http sends no cookie and does not fail': {
    options: withKeys({ secure: true }),
    handler: (req, res) => { process.nextTick(() => { req.session.message = 'hello!'; res.end('greetings'); }); },
  },
  'https behind a trusted proxy gets the secure attribute': {
    options: withKeys(),
    trustProxy: true,
    headers: { 'X-Forwarded-Proto': 'https' },
    handler: (req, res) => { req.session.n = 1; res.end(); },
  },
  'overwrite (default true) replaces an earlier session= header': {
    options: withKeys(),
    handler: (req, res) => {
      res.setHeader('Set-Cookie', ['session=foo; path=/fake', 'foo=bar']);
      req.session.message = 'hi';
      res.end(String(req.sessionOptions.overwrite));
    },
  },
  'overwrite: false keeps an earlier session= header': {
    options: withKeys({ overwrite: false }),
    handler: (req, res) => {
      res.setHeader('Set-Cookie', 'session=foo; path=/fake');
      req.session.message = 'hi';
      res.end(String(req.sessionOptions.overwrite));
    },
  },
  'headers given to writeHead are kept': {
    options: withKeys(),
    handler: (req, res) => { req.session.n = 1; res.writeHead(201, { 'Set-Cookie': 'foo=bar', 'X-Test': '1' }); res.end(); },
  },
  'bad signature: new session and the .sig cookie expired at path=/': {
    options: withKeys({ path: '/' }),
    cookie: `${signedCookie(populated, 'zzz')}`,
    handler: (req, res) => res.end(`${req.session.isNew} ${JSON.stringify(req.session)}`),
  },
  'lazy: a bad cookie that is never read sends nothing': {
    options: withKeys(),
    cookie: signedCookie(populated, 'zzz'),
    handler: (_req, res) => res.end('not read'),
  },
  'req.session = undefined behaves like null': {
    options: withKeys(),
    cookie: signedCookie(populated, 'a'),
    handler: (req, res) => { req.session = undefined; res.end(String(req.session)); },
  },
  'req.sessionOptions.signed = false before the first read skips verification': {
    options: withKeys(),
    cookie: 'session=eyJtZXNzYWdlIjoiaGkifQ==',
    handler: (req, res) => { req.sessionOptions.signed = false; req.session.more = 1; res.end(String(req.session.message)); },
  },
  'req.sessionOptions.httpOnly and path changed per request': {
    options: withKeys(),
    handler: (req, res) => { req.sessionOptions.httpOnly = false; req.sessionOptions.path = '/x'; req.session.n = 1; res.end(); },
  },
  'missing .sig: new session, nothing sent': {
    options: withKeys(),
    cookie: 'session=eyJtZXNzYWdlIjoiaGkifQ==',
    handler: (req, res) => res.end(String(req.session.isNew)),
  },
  'valid signature over a non-JSON value: new session': {
    options: withKeys(),
    cookie: `session=bogus; session.sig=${new Keygrip(KEYS).sign('session=bogus')}`,
    handler: (req, res) => res.end(String(req.session.isNew)),
  },
  'signed: false accepts an unsigned value': {
    options: () => ({ signed: false }),
    cookie: 'session=eyJtZXNzYWdlIjoiaGkifQ==',
    handler: (req, res) => { req.session.more = 1; res.end(String(req.session.message)); },
  },
  'signed: false with garbage is a new session': {
    options: () => ({ name: 'my.session', signed: false }),
    cookie: 'my.session=bogus',
    handler: (req, res) => res.end(String(req.session.isNew)),
  },
  'special keys in the stored data are skipped on load': {
    options: withKeys(),
    cookie: signedCookie({ isNew: 'x', isChanged: 'x', isPopulated: 'x', _ctx: 'x', constructor: 'x', message: 'kept' }, 'a'),
    handler: (req, res) => res.end(`${Object.keys(req.session).join(',')} ${req.session.isNew}`),
  },
  'audit F5: data stored under save, regenerate and destroy loads as upstream loads it': {
    options: withKeys(),
    cookie: signedCookie({ save: 'draft', regenerate: [1, 2], destroy: { at: 3 }, message: 'kept' }, 'a'),
    handler: (req, res) => { req.session.more = 1; res.end(`${JSON.stringify(req.session)} ${typeof req.session.save}`); },
  },
  'a ";" inside the data round-trips': {
    options: withKeys(),
    cookie: signedCookie({ string: ';' }, 'a'),
    handler: (req, res) => res.end(req.session.string),
  },
  'secret option signs like keys: [secret]': {
    options: () => ({ secret: 'a' }),
    handler: (req, res) => { req.session.message = 'hi'; res.end(); },
  },
  'a Keygrip instance as keys (sha256)': {
    options: () => ({ keys: new Keygrip(['k1', 'k2'], 'sha256') }),
    handler: (req, res) => { req.session.message = 'hi'; res.end(); },
  },
  'key rotation with default attributes: same re-issued .sig': {
    options: withKeys(),
    cookie: signedCookie(populated, 'b'),
    handler: (req, res) => res.end(req.session.message),
  },
  'key rotation and a change: one fresh pair of cookies': {
    options: withKeys({ maxAge: 60_000 }),
    cookie: signedCookie(populated, 'b'),
    handler: (req, res) => { req.session.n = 2; res.end(); },
  },
  'first matching cookie wins and quoted values are unquoted': {
    options: withKeys(),
    cookie: `session="${Buffer.from('{"q":1}').toString('base64')}"; session.sig=${new Keygrip(KEYS).sign(`session=${Buffer.from('{"q":1}').toString('base64')}`)}; session=ignored`,
    handler: (req, res) => res.end(String(req.session.q)),
  },
};

for (const [expressName, makeApp] of Object.entries(expressVersions)) {
  describe(`cookie-session drop-in matches cookie-session 2.1.1 (${expressName})`, () => {
    beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 0, 2, 3, 4, 5, 600) }));
    afterEach(() => mock.timers.reset());

    for (const [name, scenario] of Object.entries(scenarios)) {
      test(name, async () => {
        const upstream = await observe(makeApp, implementations.upstream, scenario);
        const satchel = await observe(makeApp, implementations.satchel, scenario);
        assert.deepEqual(satchel, upstream);
      });
    }
  });
}

describe('cookie-session drop-in: factory behaviour matches upstream', () => {
  test('throws ".keys required." without keys or secret, like upstream', () => {
    for (const factory of Object.values(implementations)) {
      assert.throws(() => factory(), { message: '.keys required.' });
      assert.throws(() => factory({}), { message: '.keys required.' });
    }
  });

  test('mutates the options object with the same defaults', () => {
    const [up, ours] = [{ keys: KEYS }, { keys: KEYS }] as Record<string, unknown>[];
    implementations.upstream(up);
    implementations.satchel(ours);
    assert.deepEqual(ours, up);
    assert.deepEqual({ overwrite: ours.overwrite, httpOnly: ours.httpOnly, signed: ours.signed }, { overwrite: true, httpOnly: true, signed: true });
  });

  test('keeps explicit false values', () => {
    const opts: Record<string, unknown> = { keys: KEYS, overwrite: false, httpOnly: false };
    implementations.satchel(opts);
    assert.equal(opts.overwrite, false);
    assert.equal(opts.httpOnly, false);
  });

  test('rejects keys that are neither an array nor Keygrip-like at construction (upstream fails per request)', () => {
    assert.throws(() => implementations.satchel({ keys: 'not-an-array' }), { code: 'ERR_SESSION_OPTIONS' });
    assert.throws(() => implementations.satchel({ keys: [] }), { message: 'Keys must be provided.' });
  });
});
