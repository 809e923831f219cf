import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { appWith, expressVersions, get, implementations, type Handler, type SessionModule } from './express-session-helpers.js';

// The same requests against the real express-session 1.19 and satchel/express-session must give
// the same status, body, Set-Cookie lines and
// the same store contents. Ids come from a counter so both sides sign the same values; the
// clock is frozen so every date compares exactly.
const require = createRequire(import.meta.url);
const signature = require('cookie-signature') as { sign(value: string, secret: string): string };

interface Step {
  path?: string;
  headers?: Record<string, string>;
  /** Send the session cookie the previous responses set. */
  withCookie?: boolean;
  /** An explicit Cookie header instead. */
  cookie?: string;
}

interface Scenario {
  options: Record<string, unknown>;
  handler: Handler;
  steps: Step[];
  setup?: (app: any) => void;
  /** Seeds or modifies the store (an instance of that side's MemoryStore) before the requests. */
  store?: (store: any) => void;
}

const SECRET = 'keyboard cat';
const base = { secret: SECRET, cookie: { maxAge: 60_000 } };
const ok: Handler = (_req, res) => res.end('ok');
const count: Handler = (req, res) => {
  req.session.n = (req.session.n ?? 0) + 1;
  res.end(String(req.session.n));
};
const signed = (id: string, secret = SECRET) => `connect.sid=${encodeURIComponent(`s:${signature.sign(id, secret)}`)}`;
const storedSession = (data: Record<string, unknown>) => JSON.stringify({ cookie: { originalMaxAge: 60_000, expires: new Date(Date.now() + 60_000).toISOString(), httpOnly: true, path: '/' }, ...data });
const onSecond = (fn: Handler): Handler => (req, res, next) => (req.headers.cookie ? fn(req, res, next) : count(req, res, next));

const scenarios: Record<string, Scenario> = {
  'defaults: untouched new session stored and cookied, then resaved': { options: base, handler: ok, steps: [{}, { withCookie: true }] },
  'saveUninitialized false: untouched session neither stored nor cookied': { options: { ...base, resave: false, saveUninitialized: false }, handler: ok, steps: [{}] },
  'resave false, saveUninitialized false: counter across requests': { options: { ...base, resave: false, saveUninitialized: false }, handler: count, steps: [{}, { withCookie: true }, { withCookie: true }] },
  'resave false: unchanged session is touched, not re-cookied': { options: { ...base, resave: false, saveUninitialized: false }, handler: onSecond(ok), steps: [{}, { withCookie: true }] },
  'rolling: cookie on every response': { options: { ...base, rolling: true, resave: false, saveUninitialized: false }, handler: onSecond(ok), steps: [{}, { withCookie: true }] },
  'browser-session cookie is sent once only': { options: { secret: SECRET, cookie: {}, resave: false, saveUninitialized: false }, handler: count, steps: [{}, { withCookie: true }] },
  'maxAge changed together with data': {
    options: { ...base, resave: false, saveUninitialized: false },
    handler: onSecond((req, res) => {
      req.session.cookie.maxAge = 5000;
      req.session.n = 2;
      res.end('changed');
    }),
    steps: [{}, { withCookie: true }],
  },
  'expires set to a fixed date': { options: base, handler: (req, res) => { req.session.cookie.expires = new Date(0); res.end(); }, steps: [{}] },
  'secure cookie over HTTP: stored, no Set-Cookie': { options: { ...base, cookie: { secure: true } }, handler: count, steps: [{}] },
  'proxy: X-Forwarded-Proto https gives Secure': { options: { ...base, proxy: true, cookie: { secure: true, maxAge: 1000 } }, handler: count, steps: [{ headers: { 'X-Forwarded-Proto': 'https,http' } }] },
  'proxy false ignores X-Forwarded-Proto': { options: { ...base, proxy: false, cookie: { secure: true } }, handler: count, steps: [{ headers: { 'X-Forwarded-Proto': 'https' } }] },
  'proxy unset follows Express trust proxy (req.secure)': {
    options: { ...base, cookie: { secure: true } },
    setup: (app) => app.set('trust proxy', true),
    handler: count,
    steps: [{ headers: { 'X-Forwarded-Proto': 'https' } }],
  },
  'secure auto: decided at creation': {
    options: { ...base, proxy: true, cookie: { secure: 'auto', sameSite: 'lax' } },
    handler: count,
    steps: [{ headers: { 'X-Forwarded-Proto': 'https' } }, {}],
  },
  'cookie as a function of req (1.19)': {
    options: { ...base, cookie: (req: any) => ({ path: req.url, httpOnly: true, secure: false, maxAge: 1000 }) },
    handler: count,
    steps: [{ path: '/test' }],
  },
  ...Object.fromEntries(
    ([['auto', 'auto'], [false, 'auto'], [true, 'auto'], [undefined, 'auto']] as const).map(([secure, sameSite]) => [
      `sameSite auto with secure ${String(secure)}: by req.secure (1.19)`,
      {
        options: { ...base, cookie: { secure, sameSite, maxAge: 1000 } },
        setup: (app: any) => app.use((req: any, _res: unknown, next: () => void) => {
          Object.defineProperty(req, 'secure', { value: req.headers['x-secure'] === 'true' });
          next();
        }),
        handler: count,
        steps: [{ headers: { 'X-Secure': 'true' } }, { headers: { 'X-Secure': 'false' } }],
      } satisfies Scenario,
    ]),
  ),
  'sameSite auto with proxy true / false: by X-Forwarded-Proto (1.19)': {
    options: { ...base, proxy: true, cookie: { sameSite: 'auto', maxAge: 1000 } },
    handler: count,
    steps: [{ headers: { 'X-Forwarded-Proto': 'https' } }, { headers: { 'X-Forwarded-Proto': 'http' } }],
  },
  'sameSite auto with proxy false ignores X-Forwarded-Proto (1.19)': {
    options: { ...base, proxy: false, cookie: { sameSite: 'auto', maxAge: 1000 } },
    handler: count,
    steps: [{ headers: { 'X-Forwarded-Proto': 'https' } }],
  },
  'unset destroy removes the record': { options: { ...base, unset: 'destroy' }, handler: onSecond((req, res) => { req.session = null; res.end('gone'); }), steps: [{}, { withCookie: true }] },
  'unset keep leaves the record': { options: { ...base, unset: 'keep' }, handler: onSecond((req, res) => { req.session = null; res.end('kept'); }), steps: [{}, { withCookie: true }] },
  'regenerate: new id, old record gone': {
    options: { ...base, resave: false, saveUninitialized: false },
    handler: onSecond((req, res) => req.session.regenerate((err: unknown) => { req.session.fresh = true; res.end(String(err ?? 'regenerated')); })),
    steps: [{}, { withCookie: true }],
  },
  'destroy: record gone, no cookie': { options: base, handler: onSecond((req, res) => req.session.destroy(() => res.end(typeof req.session))), steps: [{}, { withCookie: true }] },
  'save inside the handler replaces the end-of-request save': {
    options: { ...base, resave: false, saveUninitialized: false },
    handler: (req, res) => { req.session.a = 1; req.session.save((err: unknown) => res.end(String(err ?? 'saved'))); },
    steps: [{}],
  },
  'reload of a missing session: "failed to load session"': {
    options: { ...base, resave: false },
    handler: onSecond((req, res) => {
      req.sessionStore.clear(() => req.session.reload((err: Error) => res.end(err.message)));
    }),
    steps: [{}, { withCookie: true }],
  },
  'secret array: a cookie signed by the second secret loads the session': {
    options: { ...base, secret: ['new secret', SECRET] },
    store: (store) => { store.sessions.seeded = storedSession({ user: 'alice' }); },
    handler: (req, res) => res.end(String(req.session.user)),
    steps: [{ cookie: signed('seeded') }],
  },
  'unsigned, tampered and malformed cookies are ignored': {
    options: base,
    store: (store) => { store.sessions.seeded = storedSession({ user: 'alice' }); },
    handler: (req, res) => res.end(String(req.session.user)),
    steps: [{ cookie: 'connect.sid=seeded' }, { cookie: `${signed('seeded')}x` }, { cookie: 'connect.sid=s%3A%E0%A4%A' }, { cookie: signed('seeded', 'other secret') }],
  },
  'cookie.path gates the middleware': { options: { ...base, cookie: { path: '/admin' } }, handler: (req, res) => res.end(typeof req.session), steps: [{ path: '/' }, { path: '/admin/x' }] },
  'key is an alias of name': { options: { ...base, key: 'legacy.sid' }, handler: ok, steps: [{}] },
  'name option': { options: { ...base, name: 'app.sid' }, handler: ok, steps: [{}] },
  'req.secret fallback (cookie-parser)': {
    options: { cookie: { maxAge: 60_000 } },
    setup: (app) => app.use((req: any, _res: unknown, next: () => void) => { req.secret = SECRET; next(); }),
    handler: count,
    steps: [{}],
  },
  'no secret at all: 500 at request time': { options: { cookie: { maxAge: 60_000 } }, handler: ok, steps: [{}] },
  'attributes: domain, sameSite, priority, partitioned, httpOnly false': {
    options: { ...base, cookie: { maxAge: 1000, domain: 'example.com', sameSite: 'lax', priority: 'low', partitioned: true, httpOnly: false } },
    handler: ok,
    steps: [{}],
  },
  'store get error: 500; ENOENT: a new session': {
    options: base,
    store: (store) => {
      store.get = (sid: string, cb: (err: unknown) => void) => {
        const error = Object.assign(new Error('boom'), sid === 'seeded' ? { code: 'ENOENT' } : {});
        setImmediate(cb, error);
      };
    },
    handler: ok,
    steps: [{ cookie: signed('other') }, { cookie: signed('seeded') }],
  },
  'reserved keys in stored data do not shadow methods': {
    options: base,
    store: (store) => { store.sessions.seeded = storedSession({ save: 'nope', id: 'forged', user: 'alice' }); },
    handler: (req, res) => { req.session.n = 1; res.end(`${req.session.id} ${typeof req.session.save} ${Object.keys(req.session).sort().join(',')}`); },
    steps: [{ cookie: signed('seeded') }],
  },
  'stored session without cookie: 500 from inflate': {
    options: base,
    store: (store) => { store.sessions.seeded = JSON.stringify({ user: 'alice' }); },
    handler: ok,
    steps: [{ cookie: signed('seeded') }],
  },
};

interface Observed {
  status: number;
  body: string;
  setCookie: string[];
}

async function run(impl: SessionModule, makeApp: () => any, scenario: Scenario): Promise<{ responses: Observed[]; stored: Record<string, unknown> }> {
  const store = new impl.MemoryStore();
  scenario.store?.(store);
  let counter = 0;
  const middleware = impl({ ...scenario.options, store, genid: () => `id${++counter}` });
  const app = appWith(makeApp, middleware, scenario.handler, scenario.setup);
  const responses: Observed[] = [];
  let cookie: string | undefined;
  for (const step of scenario.steps) {
    const res = await get(app, step.path ?? '/', step.cookie ?? (step.withCookie ? cookie : undefined), step.headers);
    const lines = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
    if (lines[0]) cookie = lines[0].split(';')[0];
    responses.push({ status: res.status, body: res.text, setCookie: lines });
  }
  const stored: Record<string, unknown> = {};
  for (const [sid, json] of Object.entries(store.sessions as Record<string, string>)) stored[sid] = JSON.parse(json);
  return { responses, stored };
}

for (const [version, makeApp] of Object.entries(expressVersions)) {
  describe(`satchel/express-session matches express-session 1.19 (${version})`, () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      test(`COMPAT-ES: ${name}`, async (t) => {
        // Frozen clock: Expires, the Date header and stored expiry compare exactly.
        t.mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 0, 1, 12, 0, 0, 250) });
        const upstream = await run(implementations.upstream, makeApp, scenario);
        const satchel = await run(implementations.satchel, makeApp, scenario);
        assert.deepEqual(satchel, upstream);
      });
    }
  });
}
