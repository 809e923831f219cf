import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { SessionOptionsError } from '../../src/errors.js';
import { attributesOf, cookieHeaderFrom, newKey, setCookieFor, setCookies } from './helpers.js';

type Req = { session: CookieSession; sessionOptions: Record<string, unknown> };
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function appWith(options: Partial<CookieSessionOptions>, perRequest: Record<string, unknown> = {}) {
  let now = 1_700_000_000_000;
  const app = express().use(cookieSession({ keys: [newKey()], clockSkew: 0, now: () => now, ...options }));
  app.get('/set', (req, res) => {
    const r = req as unknown as Req;
    Object.assign(r.sessionOptions, perRequest);
    r.session.a = 1;
    res.end();
  });
  app.get('/get', (req, res) => res.json({ ...(req as unknown as Req).session }));
  return { app, advance: (ms: number) => (now += ms) };
}

async function maxAgeOf(options: Partial<CookieSessionOptions>, perRequest?: Record<string, unknown>): Promise<number> {
  const res = await request(appWith(options, perRequest).app).get('/set');
  return Number(attributesOf(setCookieFor(res, 'session')!).get('max-age'));
}

const refused = (options: Partial<CookieSessionOptions>) =>
  assert.throws(() => cookieSession({ keys: [newKey()], ...options } as CookieSessionOptions), SessionOptionsError, JSON.stringify(options));

describe('cookieSession() timeouts and touchAfter, in session() vocabulary', () => {
  test("TO-01: the default stays 'standard', 30 min idle", async () => {
    assert.equal(await maxAgeOf({}), 30 * 60);
    assert.equal(await maxAgeOf({ timeouts: 'standard' }), 30 * 60);
  });

  test('TO-01: the presets and { idle, absolute } mean what they mean for session()', async () => {
    assert.equal(await maxAgeOf({ timeouts: 'high' }), 15 * 60);
    assert.equal(await maxAgeOf({ timeouts: 'long-lived' }), 7 * 24 * 60 * 60);
    assert.equal(await maxAgeOf({ timeouts: { idle: MINUTE, absolute: 5 * MINUTE } }), 60);
  });

  test('TO-02: timeouts.absolute ends an active session, as absoluteTimeout does', async () => {
    for (const options of [{ timeouts: { idle: MINUTE, absolute: 5 * MINUTE } }, { idleTimeout: MINUTE, absoluteTimeout: 5 * MINUTE }]) {
      const { app, advance } = appWith(options);
      let cookie = cookieHeaderFrom(await request(app).get('/set'));
      let alive = 0;
      for (let i = 0; i < 10; i++) {
        advance(59_000);
        const res = await request(app).get('/get').set('Cookie', cookie);
        if (res.body.a !== 1) break;
        alive++;
        cookie = cookieHeaderFrom(res);
      }
      assert.equal(alive, 5, JSON.stringify(options));
    }
  });

  test('the older names stay accepted, alone or together', async () => {
    assert.equal(await maxAgeOf({ idleTimeout: 2 * MINUTE }), 120);
    assert.equal(await maxAgeOf({ idleTimeout: 2 * MINUTE, absoluteTimeout: DAY }), 120);
    assert.equal(await maxAgeOf({ absoluteTimeout: DAY }), 30 * 60, 'idle keeps its default');
  });

  test('timeouts with an older name, an unknown preset or an unsealable duration is a SessionOptionsError', () => {
    refused({ timeouts: 'standard', idleTimeout: MINUTE });
    refused({ timeouts: { idle: MINUTE, absolute: DAY }, absoluteTimeout: DAY });
    refused({ timeouts: 'forever' as never });
    refused({ timeouts: { idle: Infinity, absolute: Infinity } });
    refused({ timeouts: { idle: MINUTE, absolute: 401 * DAY } });
    refused({ timeouts: { idle: 1.5, absolute: DAY } });
    refused({ timeouts: { idle: DAY, absolute: MINUTE } });
    refused({ absoluteTimeout: 401 * DAY });
    refused({ idleTimeout: DAY, absoluteTimeout: MINUTE });
    assert.doesNotThrow(() => cookieSession({ keys: [newKey()], timeouts: { idle: MINUTE, absolute: 400 * DAY } }));
  });

  test('TO-05: touchAfter defaults to half the idle timeout; set, it means what it means for session()', async () => {
    const reseals = async (options: Partial<CookieSessionOptions>, after: number) => {
      const { app, advance } = appWith(options);
      const cookie = cookieHeaderFrom(await request(app).get('/set'));
      advance(after);
      return setCookies(await request(app).get('/get').set('Cookie', cookie)).length > 0;
    };
    assert.equal(await reseals({ timeouts: 'standard' }, 14 * MINUTE), false);
    assert.equal(await reseals({ timeouts: 'standard' }, 15 * MINUTE), true);
    assert.equal(await reseals({ timeouts: 'standard', touchAfter: MINUTE }, MINUTE - 1), false);
    assert.equal(await reseals({ timeouts: 'standard', touchAfter: MINUTE }, MINUTE), true);
    assert.equal(await reseals({ idleTimeout: 10 * MINUTE, touchAfter: 0 }, 1), true);
  });

  test('touchAfter must be at least 0 and below the idle timeout, as for session()', () => {
    refused({ touchAfter: -1 });
    refused({ timeouts: 'high', touchAfter: 15 * MINUTE });
    refused({ idleTimeout: MINUTE, touchAfter: MINUTE });
    refused({ touchAfter: Number.NaN });
  });

  test('req.sessionOptions takes timeouts for one response, falling back on unusable values', async () => {
    assert.equal(await maxAgeOf({}, { timeouts: 'high' }), 15 * 60);
    assert.equal(await maxAgeOf({}, { timeouts: { idle: 2 * MINUTE, absolute: DAY } }), 120);
    assert.equal(await maxAgeOf({ timeouts: 'high' }, { timeouts: 'forever' }), 15 * 60);
    assert.equal(await maxAgeOf({}, { timeouts: { idle: Infinity, absolute: Infinity } }), 30 * 60);
    assert.equal(await maxAgeOf({}, { idleTimeout: 2 * MINUTE }), 120, 'the older per-request name still works');
  });
});
