import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { clearsCookie, cookieHeaderFrom, newKey, setCookieFor, setCookies } from './helpers.js';

const session = (req: express.Request) => (req as unknown as { session: CookieSession }).session;

function sizedApp(options: Partial<CookieSessionOptions> = {}) {
  const app = express();
  app.use(cookieSession({ keys: [newKey()], ...options }));
  app.get('/fill/:n', (req, res) => {
    session(req).blob = 'x'.repeat(Number(req.params.n));
    res.send('filled');
  });
  app.get('/save/:n', (req, res, next) => {
    session(req).blob = 'x'.repeat(Number(req.params.n));
    session(req).save((err) => (err ? next(err) : res.send('saved')));
  });
  app.get('/get', (req, res) => res.json({ length: String(session(req).blob ?? '').length }));
  app.use((err: Error & { code?: string; size?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    res.status(500).json({ code: err.code, size: err.size });
  });
  return app;
}

describe('size limit without chunking (CK-07)', () => {
  test('T21 CK-07: around 4096 bytes, ≤4096 is emitted and anything larger is CookieTooLargeError via next(err)', async () => {
    const app = sizedApp();
    let largestOk = 0;
    let smallestFail = Infinity;
    // The seal grows 4 characters per 3 plaintext bytes, so sweep a window of blob sizes.
    for (let n = 2880; n < 2960; n++) {
      const res = await request(app).get(`/fill/${n}`);
      const header = setCookieFor(res, 'session');
      if (res.status === 200) {
        assert.ok(header);
        const size = header.indexOf(';') - 1; // name + value, without the '='
        assert.ok(size <= 4096, `emitted ${size}`);
        largestOk = Math.max(largestOk, size);
      } else {
        assert.equal(res.status, 500);
        assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
        assert.ok(res.body.size > 4096);
        assert.deepEqual(setCookies(res), [], 'no partial or oversized Set-Cookie');
        smallestFail = Math.min(smallestFail, res.body.size);
      }
    }
    assert.ok(largestOk >= 4094 && largestOk <= 4096, `largest emitted ${largestOk}`);
    assert.ok(smallestFail >= 4097 && smallestFail <= 4099, `smallest refused ${smallestFail}`);
  });

  test('CK-07: session.save(cb) reports CookieTooLargeError to the callback', async () => {
    const res = await request(sizedApp()).get('/save/5000');
    assert.equal(res.status, 500);
    assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    const ok = await request(sizedApp()).get('/save/10');
    assert.equal(ok.text, 'saved');
  });
});

describe('opt-in chunking (ST-10)', () => {
  test('T22 ST-10: a large session spans <name>.0..n and reads back whole', async () => {
    const app = sizedApp({ chunking: true });
    const res = await request(app).get('/fill/7000');
    assert.equal(res.status, 200);
    const names = setCookies(res).map((c) => c.slice(0, c.indexOf('=')));
    assert.deepEqual(names, ['session.0', 'session.1', 'session.2']);
    for (const c of setCookies(res)) assert.ok(c.indexOf(';') <= 4096);
    const back = await request(app).get('/get').set('Cookie', cookieHeaderFrom(res));
    assert.deepEqual(back.body, { length: 7000 });
  });

  test('T22 ST-10: shrinking from 3 chunks to 1 cookie deletes the stale chunks', async () => {
    const app = sizedApp({ chunking: true });
    const big = cookieHeaderFrom(await request(app).get('/fill/7000'));
    const small = await request(app).get('/fill/10').set('Cookie', big);
    assert.ok(setCookieFor(small, 'session')?.startsWith('session=v1.'));
    for (const name of ['session.0', 'session.1', 'session.2']) assert.ok(clearsCookie(small, name), name);
    const grow = await request(app).get('/fill/7000').set('Cookie', cookieHeaderFrom(small));
    assert.ok(clearsCookie(grow, 'session'), 'growing back into chunks clears the single cookie');
  });

  test('T22 ST-10: a missing middle chunk or a chunk spliced from another session gives an empty session', async () => {
    const app = sizedApp({ chunking: true });
    const a = cookieHeaderFrom(await request(app).get('/fill/7000')).split('; ');
    const b = cookieHeaderFrom(await request(app).get('/fill/7001')).split('; ');
    const missing = await request(app).get('/get').set('Cookie', [a[0], a[2]].join('; '));
    assert.deepEqual(missing.body, { length: 0 });
    const spliced = await request(app).get('/get').set('Cookie', [a[0], b[1], a[2]].join('; '));
    assert.deepEqual(spliced.body, { length: 0 });
    const extra = await request(app).get('/get').set('Cookie', [...a, 'session.3=' + b[2]!.split('=')[1]].join('; '));
    assert.deepEqual(extra.body, { length: 0 }, 'an appended foreign chunk changes the authenticated count');
  });

  test('T22 ST-10: beyond maxChunks the save fails with CookieTooLargeError', async () => {
    const res = await request(sizedApp({ chunking: { maxChunks: 2 } })).get('/fill/9000');
    assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    assert.deepEqual(setCookies(res), []);
  });

  test('T22: a Cookie header near Node’s 16 KiB limit is handled gracefully', async () => {
    const app = sizedApp({ chunking: true });
    const junk = Array.from({ length: 4 }, (_, i) => `session.${i}=${'A'.repeat(3900)}`).join('; ');
    const res = await request(app).get('/get').set('Cookie', junk);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { length: 0 });
  });
});
