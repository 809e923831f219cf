/**
 * One behaviour suite for every framework edge (the way runStoreSuite is for stores): the same
 * guarantees through Express, Fastify, Koa, Hono, node:http and the Web API, checked over real
 * HTTP against each framework's real package. `session()` runs on every shipped store.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { EdgeHarness, EdgeMode, EdgeServer } from './contract.js';
import { Client } from './client.js';
import { EDGE_STORES, type EdgeStore } from './stores.js';
import { activityCases, activityFromUrl, flashCases } from './suite-flash.js';

const SECRET = 'edge-suite-secret-' + randomBytes(24).toString('base64url');
const IDLE = 10 * 60_000;
const TIMEOUTS = { idle: IDLE, absolute: 8 * 60 * 60_000 };

/** A clock the server and its store share, moved by the timeout tests only. */
function manualClock() {
  let now = Date.now();
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

export interface EdgeSuiteOptions {
  /** Stores to run `session()` on; every shipped one by default. */
  stores?: EdgeStore[];
}

export function runEdgeSuite(harness: EdgeHarness, suite: EdgeSuiteOptions = {}): void {
  describe(`edge suite: ${harness.name}`, () => {
    for (const store of suite.stores ?? EDGE_STORES) storedCases(harness, store);
    sealedCases(harness);
  });
}

/** Starts a server before the cases of one describe block and closes it after. */
function serving(harness: EdgeHarness, mode: EdgeMode, options: () => Promise<{ options: Record<string, unknown>; close(): Promise<void> }>, settings?: { trustProxy?: boolean }) {
  const ref: { server?: EdgeServer; close?: () => Promise<void> } = {};
  before(async () => {
    const opened = await options();
    ref.close = opened.close;
    ref.server = await harness.start(mode, opened.options, settings);
  });
  after(async () => {
    await ref.server?.close();
    await ref.close?.();
  });
  return { client: () => new Client(ref.server!.url) };
}

type ClientOf = () => Client;
type Clock = ReturnType<typeof manualClock>;

/** What both kinds of session promise on every edge. */
function sharedCases(mode: EdgeMode, client: ClientOf, clock: Clock): void {
  const code = 'ERR_SESSION_VALUE';

  test('lazy: reading creates no session and sets no cookie', async () => {
    const reply = await client().get('/read');
    assert.equal(reply.status, 200);
    assert.deepEqual(reply.json().data, {});
    assert.deepEqual(reply.setCookies, []);
  });

  test('a write creates the session: one HttpOnly, SameSite=Lax, Path=/ cookie, and the value reads back', async () => {
    const c = client();
    const reply = await c.post('/set?k=name&v=Napoleon');
    assert.equal(reply.status, 200);
    assert.equal(reply.setCookies.length, 1, JSON.stringify(reply.setCookies));
    assert.match(reply.setCookies[0]!, /HttpOnly/i);
    assert.match(reply.setCookies[0]!, /SameSite=Lax/i);
    assert.match(reply.setCookies[0]!, /Path=\//i);
    // Sealed: the cookie carries the data, encrypted; stored: only the signed id.
    assert.doesNotMatch(decodeURIComponent(reply.setCookies[0]!), /Napoleon/);
    assert.equal((await c.read()).data.name, 'Napoleon');
  });

  test('in-place changes persist (push twice), and delete persists', async () => {
    const c = client();
    await c.post('/push?k=skills&v=Baking');
    await c.post('/push?k=skills&v=Fencing');
    await c.post('/set?k=name&v=Napoleon');
    assert.deepEqual((await c.read()).data.skills, ['Baking', 'Fencing']);
    await c.post('/delete?k=name');
    assert.deepEqual((await c.read()).data, { skills: ['Baking', 'Fencing'] });
  });

  test('regenerate starts a session without the old data', async () => {
    const c = client();
    await c.post('/set?k=before&v=1');
    assert.equal((await c.post('/regenerate')).status, 200);
    assert.deepEqual((await c.read()).data, { after: 'regenerate' });
  });

  test('logout clears the cookie', async () => {
    const c = client();
    await c.post('/set?k=secret&v=s3');
    const reply = await c.post('/logout');
    assert.equal(reply.status, 200);
    assert.equal(c.jar.size, 0, `cookie not cleared: ${JSON.stringify(reply.setCookies)}`);
    assert.deepEqual((await c.read()).data, {});
  });

  test('a streamed response carries the cookie and its write persists', async () => {
    const c = client();
    const reply = await c.get('/stream');
    assert.equal(reply.status, 200);
    assert.equal(reply.text, 'chunk-1chunk-2');
    assert.equal(reply.setCookies.length, 1);
    assert.equal((await c.read()).data.streamed, 'yes');
  });

  test('a redirect is sent only after the save: the next request reads the value', async () => {
    const c = client();
    const reply = await c.get('/redirect');
    assert.equal(reply.status, 302);
    assert.equal(reply.setCookies.length, 1);
    assert.equal((await c.read()).data.redirected, 'yes');
  });

  test('a tampered or malformed cookie gives a fresh anonymous session, never an error', async () => {
    const c = client();
    await c.post('/set?k=x&v=1');
    const [name, value] = [...c.jar][0]!;
    const flipped = value.slice(0, 20) + (value[20] === 'A' ? 'B' : 'A') + value.slice(21);
    for (const bad of [flipped, `${value}x`, value.slice(0, -3), '%E0%A4%A', 'a'.repeat(5000), 's%3Anot.valid', 'v1....']) {
      const reply = await c.get('/read', { cookie: `${name}=${bad}` });
      assert.equal(reply.status, 200, bad.slice(0, 60));
      assert.deepEqual(reply.json().data, {});
    }
  });

  test('a value no session can hold fails the request with a typed error and no session cookie', async () => {
    const reply = await client().get('/fail');
    assert.equal(reply.status, 500);
    assert.equal(reply.json().code, code);
    assert.deepEqual(reply.setCookies, []);
  });

  test('the idle timeout ends a session left alone longer than `idle`', async () => {
    const c = client();
    await c.post('/set?k=x&v=1');
    clock.advance(IDLE / 2);
    assert.equal((await c.read()).data.x, '1');
    // Past the deadline, and for sealed cookies past the seal's clock-skew allowance (60 s, for servers whose clocks differ).
    clock.advance(IDLE + 2 * 60_000);
    assert.deepEqual((await c.read()).data, {});
  });

  flashCases(client);
  activityCases(client, clock, IDLE);
}

function storedCases(harness: EdgeHarness, edgeStore: EdgeStore): void {
  describe(`session() on ${edgeStore.name}`, () => {
    const clock = manualClock();
    const { client } = serving(harness, 'stored', async () => {
      const { store, close } = await edgeStore.open(clock.now);
      return { options: { secret: SECRET, store, now: clock.now, timeouts: TIMEOUTS, activity: activityFromUrl }, close };
    });
    sharedCases('stored', client, clock);

    test('regenerate: a new id, and the old cookie opens nothing', async () => {
      const c = client();
      await c.post('/set?k=before&v=1');
      const old = c.cookieHeader();
      const { id: before } = await c.read();
      await c.post('/regenerate');
      assert.notEqual((await c.read()).id, before);
      assert.deepEqual((await c.read({ cookie: old })).data, {});
    });

    test('after logout the old cookie replayed opens nothing (no resurrection)', async () => {
      const c = client();
      await c.post('/set?k=secret&v=s3');
      const old = c.cookieHeader();
      await c.post('/logout');
      assert.deepEqual((await c.read({ cookie: old })).data, {});
    });

    test('a slow request that saves after a concurrent logout does not bring the session back', async () => {
      const c = client();
      await c.post('/set?k=secret&v=s3');
      const old = c.cookieHeader();
      const slow = c.post('/slow-set?k=late&v=1&ms=150', { cookie: old });
      await c.post('/logout', { cookie: old });
      await slow;
      assert.deepEqual((await c.read({ cookie: old })).data, {});
    });

    test('concurrent requests writing different keys lose nothing', async () => {
      const c = client();
      await c.post('/set?k=start&v=1');
      const cookie = c.cookieHeader();
      await Promise.all([c.post('/slow-set?k=a&v=1&ms=100', { cookie }), c.post('/slow-set?k=b&v=2&ms=100', { cookie })]);
      assert.deepEqual((await c.read()).data, { start: '1', a: '1', b: '2' });
    });

    test("login binds the session to a user; 'log out my other devices' ends the others", async () => {
      const user = `u-${randomBytes(6).toString('hex')}`;
      const [laptop, phone] = [client(), client()];
      await laptop.post(`/login?user=${user}`);
      await phone.post(`/login?user=${user}`);
      await phone.post('/set?k=device&v=phone');
      assert.equal((await laptop.get(`/users?user=${user}`)).json().count, 2);
      assert.equal((await laptop.post('/other-devices')).json().ended, 1);
      assert.deepEqual((await phone.read()).data, {});
      assert.equal((await laptop.get(`/users?user=${user}`)).json().count, 1);
    });
  });

  if (edgeStore.name === 'MemoryStore') secureCases(harness, 'stored');
}

function sealedCases(harness: EdgeHarness): void {
  describe('cookieSession()', () => {
    const clock = manualClock();
    const { client } = serving(harness, 'sealed', async () => ({
      options: { keys: [randomBytes(32).toString('base64url')], now: clock.now, timeouts: TIMEOUTS, activity: activityFromUrl },
      close: async () => {},
    }));
    sharedCases('sealed', client, clock);

    test('/read reports no id: a sealed session has none', async () => {
      const c = client();
      await c.post('/set?k=x&v=1');
      assert.deepEqual(await c.read(), { data: { x: '1' }, id: null });
    });
  });

  secureCases(harness, 'sealed');
}

/** secure: 'auto' follows the framework's own trust-proxy notion. */
function secureCases(harness: EdgeHarness, mode: EdgeMode): void {
  const options = () =>
    mode === 'stored' ? { secret: SECRET } : { keys: [randomBytes(32).toString('base64url')] };
  for (const trustProxy of [true, false]) {
    describe(`${mode === 'stored' ? 'session()' : 'cookieSession()'} behind a TLS proxy, trust proxy ${trustProxy ? 'on' : 'off'}`, () => {
      const { client } = serving(harness, mode, async () => ({ options: options(), close: async () => {} }), { trustProxy });

      test(trustProxy ? 'X-Forwarded-Proto: https makes the cookie Secure (__Host- prefix)' : 'an untrusted X-Forwarded-Proto leaves the cookie without Secure', async () => {
        const reply = await client().post('/set?k=x&v=1', { headers: { 'x-forwarded-proto': 'https' } });
        assert.equal(reply.setCookies.length, 1, JSON.stringify(reply.setCookies));
        if (trustProxy) {
          assert.match(reply.setCookies[0]!, /;\s*Secure/i);
          assert.match(reply.setCookies[0]!, /^__Host-/);
        } else {
          assert.doesNotMatch(reply.setCookies[0]!, /;\s*Secure/i);
        }
      });
    });
  }
}
