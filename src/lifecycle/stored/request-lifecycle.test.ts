import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MemoryStore } from '../../stores/memory/store.js';
import { SessionEngine } from './engine.js';
import { resolveOptions } from './options.js';
import type { StoredSessionOptions } from './options.js';
import { openLifecycle } from './request-lifecycle.js';
import type { RequestLifecycle, SessionEdge } from './request-lifecycle.js';
import type { Session } from './session.js';

// The lifecycle driven the way a non-Express edge would: a plain request object, no response.
interface PlainRequest {
  session?: unknown;
  sessionID?: string;
}

const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';

const edge: SessionEdge<PlainRequest> = {
  session: (req) => req.session,
  install(req, session) {
    req.session = session;
    req.sessionID = session.id;
  },
  isLoopback: () => false,
  plainHttp: () => {},
};

function setup(options: Partial<StoredSessionOptions<PlainRequest>> = {}) {
  const store = new MemoryStore({ sweepInterval: 0 });
  const engine = new SessionEngine<PlainRequest>(resolveOptions<PlainRequest>({ secret: SECRET, store, ...options }));
  const open = async (cookieHeader?: string) => {
    const req: PlainRequest = {};
    const settings = engine.options.cookie(req, true);
    const lifecycle = await openLifecycle(engine, edge, req, { settings, cookieHeader, userAgent: null });
    return { req, lifecycle, session: req.session as Session };
  };
  return { store, open };
}

const cookieOf = (line: string) => line.slice(0, line.indexOf(';'));

describe('RequestLifecycle without a framework', () => {
  test('an untouched new session commits synchronously and sends no cookie', async () => {
    const { open } = setup();
    const { lifecycle } = await open();
    const outcome = lifecycle.commit();
    assert.ok(!(outcome instanceof Promise));
    assert.deepEqual(outcome.setCookie, []);
  });

  test('a written session is stored at commit, and its cookie opens it on the next request', async () => {
    const { open } = setup();
    const first = await open();
    first.session.user = 'ada';
    const outcome = await first.lifecycle.commit();
    assert.equal(outcome.setCookie.length, 1);
    assert.equal(outcome.cacheControl, true);
    const second = await open(cookieOf(outcome.setCookie[0]!));
    assert.equal(second.session.user, 'ada');
    assert.equal(second.req.sessionID, first.req.sessionID);
  });

  test('headerCookies decides once, before the store runs; commit then adds no second line', async () => {
    const { open } = setup();
    const { lifecycle, session } = await open();
    session.cart = [1];
    assert.equal(lifecycle.headerCookies().length, 1);
    assert.deepEqual(lifecycle.headerCookies(), []);
    assert.deepEqual((await lifecycle.commit()).setCookie, []);
  });

  test('destroy installs a fresh session through the edge and clears the presented cookie', async () => {
    const { open } = setup();
    const first = await open();
    first.session.user = 'ada';
    const line = (await first.lifecycle.commit()).setCookie[0]!;
    const second = await open(cookieOf(line));
    await second.session.destroy();
    assert.notEqual(second.req.session, second.session);
    const [clearing] = (await second.lifecycle.commit()).setCookie;
    assert.match(clearing!, /Expires=Thu, 01 Jan 1970/);
  });

  test('req.session = null with unset: destroy removes the stored record', async () => {
    const { open, store } = setup({ unset: 'destroy' });
    const first = await open();
    first.session.user = 'ada';
    const line = (await first.lifecycle.commit()).setCookie[0]!;
    const second: { req: PlainRequest; lifecycle: RequestLifecycle } = await open(cookieOf(line));
    second.req.session = null;
    await second.lifecycle.commit();
    assert.equal(await store.length(), 0);
  });
});
