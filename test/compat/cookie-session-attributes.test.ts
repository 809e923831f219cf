import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import request from 'supertest';
import { expressVersions, implementations } from './support/side-by-side.js';

// A path or domain taken from the request (a tenant prefix, the Host header) must not be able
// to append attributes of its own to the session cookie.
const INJECTED_PATH = '/t; domain=evil.test; samesite=none';
const INJECTED_DOMAIN = 'example.test; path=/; max-age=999999999';

function app(factory: (o: unknown) => unknown, options: Record<string, unknown>, perRequest?: (req: any) => void) {
  const a = expressVersions['express 5']!();
  a.use(factory({ keys: ['k'], ...options }));
  a.get('/', (req: any, res: any) => {
    perRequest?.(req);
    req.session.n = 1;
    res.end('ok');
  });
  a.use((err: Error & { code?: string }, _req: unknown, res: any, _next: unknown) => res.status(500).end(`${err.code} ${err.name}`));
  return a;
}

const setCookies = (res: request.Response) => (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];

describe('audit F4: the cookie-session drop-in refuses ";" in path and domain', () => {
  test('audit F4: a path or domain with ";" or a control character throws SessionOptionsError at construction', () => {
    for (const bad of [{ path: INJECTED_PATH }, { domain: INJECTED_DOMAIN }, { path: '/a\r\nX-Injected: 1' }]) {
      assert.throws(() => implementations.satchel({ keys: ['k'], ...bad }), { code: 'ERR_SESSION_OPTIONS', name: 'SessionOptionsError' }, JSON.stringify(bad));
      // cookie-session reads options through the prototype chain; so does the check.
      assert.throws(() => implementations.satchel(Object.assign(Object.create(bad), { keys: ['k'] })), { code: 'ERR_SESSION_OPTIONS' });
    }
    assert.doesNotThrow(() => implementations.satchel({ keys: ['k'], path: '/app', domain: '.example.test' }));
  });

  test('audit F4: req.sessionOptions.path / .domain with ";" throws SessionCookieError where it is set; no cookie carries it', async () => {
    const cases: Array<(req: any) => void> = [
      (req) => (req.sessionOptions.path = INJECTED_PATH),
      (req) => (req.sessionOptions.domain = INJECTED_DOMAIN),
      (req) => Object.assign(req.sessionOptions, { domain: INJECTED_DOMAIN }),
      (req) => Object.defineProperty(req.sessionOptions, 'path', { value: INJECTED_PATH, enumerable: true }),
    ];
    for (const perRequest of cases) {
      const res = await request(app(implementations.satchel, {}, perRequest)).get('/');
      assert.equal(res.status, 500, perRequest.toString());
      assert.equal(res.text, 'ERR_SESSION_COOKIE_INVALID SessionCookieError');
      for (const line of setCookies(res)) assert.doesNotMatch(line, /evil|999999999/);
    }
    const fine = await request(app(implementations.satchel, {}, (req) => (req.sessionOptions.path = '/'))).get('/');
    assert.equal(fine.status, 200);
    assert.match(setCookies(fine)[0]!, /^session=[^;]+; path=\/; httponly$/);
  });

  test('audit F4: upstream cookie-session 2.1.1 writes the injected attributes (the difference is on purpose)', async () => {
    const res = await request(app(implementations.upstream, {}, (req) => (req.sessionOptions.path = INJECTED_PATH))).get('/');
    assert.equal(res.status, 200);
    assert.match(setCookies(res)[0]!, /path=\/t; domain=evil\.test; samesite=none/);
  });

  test('audit F4: options mutated after construction are refused when the headers go out: no cookie, never the injected line', async () => {
    const options: Record<string, unknown> = { keys: ['k'] };
    const a = expressVersions['express 5']!();
    a.use(implementations.satchel(options));
    a.get('/', (req: any, res: any) => ((req.session.n = 1), res.end('ok')));
    options.domain = INJECTED_DOMAIN;
    const res = await request(a).get('/');
    assert.equal(res.status, 200);
    assert.deepEqual(setCookies(res), []);
  });
});
