import http from 'node:http';
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, manualClock, sessionCookie, setCookies, standardRoutes } from './helpers.js';
import { MemoryStore } from '../../src/stores/memory/store.js';

const attributes = (line: string) => line.split('; ').slice(1);

for (const [label, express] of EXPRESS) {
  describe(`cookie attributes (${label})`, () => {
    test('CK-02/03/05/06/10: plain-HTTP development default is sid; HttpOnly; SameSite=Lax; Path=/; no-store', async () => {
      const { app } = makeApp(express, {}, standardRoutes);
      const res = await request(app).get('/write').expect(200);
      const [line] = setCookies(res);
      assert.match(line!, /^sid=s%3A[A-Za-z0-9_-]{43}\.[A-Za-z0-9%]+; /);
      assert.deepEqual(attributes(line!).sort(), ['HttpOnly', 'Path=/', 'SameSite=Lax']);
      assert.equal(res.headers['cache-control'], 'no-store');
    });

    test('CK-01/CK-04: HTTPS behind a trusted proxy gives __Host-sid; Secure, and no Domain', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.set('trust proxy', 1);
        standardRoutes(app);
      });
      const res = await request(app).get('/write').set('X-Forwarded-Proto', 'https').expect(200);
      const [line] = setCookies(res);
      assert.match(line!, /^__Host-sid=/);
      assert.ok(attributes(line!).includes('Secure'));
      assert.ok(!/Domain=/i.test(line!));
    });

    test('T25: a spoofed X-Forwarded-Proto is ignored without trust proxy', async () => {
      const { app } = makeApp(express, {}, standardRoutes);
      const res = await request(app).get('/write').set('X-Forwarded-Proto', 'https').expect(200);
      assert.match(setCookies(res)[0]!, /^sid=/);
      assert.ok(!attributes(setCookies(res)[0]!).includes('Secure'));
    });

    test('CK-01: the trust decision follows `trust proxy` on one keep-alive connection, as req.secure does', async () => {
      const { app } = makeApp(express, {}, standardRoutes);
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const port = (server.address() as import('node:net').AddressInfo).port;
      const cookieName = () =>
        new Promise<string>((resolve, reject) => {
          http
            .get({ host: '127.0.0.1', port, path: '/write', agent, headers: { 'X-Forwarded-Proto': 'https' } }, (res) => {
              res.resume();
              resolve(String(res.headers['set-cookie']?.[0]).split('=')[0]!);
            })
            .on('error', reject);
        });
      try {
        assert.equal(await cookieName(), 'sid', 'untrusted peer: the header is ignored');
        app.set('trust proxy', 'loopback');
        assert.equal(await cookieName(), '__Host-sid', 'same socket, now trusted');
        app.set('trust proxy', false);
        assert.equal(await cookieName(), 'sid', 'same socket, trust withdrawn');
      } finally {
        agent.destroy();
        server.close();
      }
    });

    test("per-request cookie function with 'auto' values works on both transports", async () => {
      const { app } = makeApp(express, { cookie: () => ({ secure: 'auto', sameSite: 'auto' }) }, (app) => {
        app.set('trust proxy', true);
        standardRoutes(app);
      });
      const plain = setCookies(await request(app).get('/write'))[0]!;
      assert.match(plain, /^sid=.*SameSite=Lax/);
      assert.ok(!plain.includes('Secure'));
      const secure = setCookies(await request(app).get('/write').set('X-Forwarded-Proto', 'https'))[0]!;
      assert.match(secure, /^__Host-sid=/);
      assert.ok(secure.includes('Secure') && secure.includes('SameSite=None'));
    });

    test('CK-11: one Set-Cookie for the session name, the app\'s other cookies kept', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', async (req, res) => {
          res.cookie('theme', 'dark');
          req.session.a = 1;
          await req.session.save();
          await req.session.regenerate({ keep: ['a'] });
          res.cookie('lang', 'fr');
          res.send('ok');
        });
      });
      const lines = setCookies(await request(app).get('/').expect(200));
      assert.equal(lines.filter((line) => line.startsWith('sid=')).length, 1);
      assert.ok(lines.some((line) => line.startsWith('theme=dark')));
      assert.ok(lines.some((line) => line.startsWith('lang=fr')));
    });

    test("CK-10: an app's no-store or private Cache-Control is kept, a shared-cacheable one becomes no-store", async () => {
      const { app } = makeApp(express, {}, (a) => {
        a.get('/cache/:value', (req, res) => {
          req.session.n = 1;
          res.set('Cache-Control', req.params.value!.replace('_', ', '));
          res.end();
        });
      });
      for (const [value, sent] of [['private_max-age=60', 'private, max-age=60'], ['no-store', 'no-store'], ['public_max-age=3600', 'no-store']]) {
        const res = await request(app).get(`/cache/${value}`).expect(200);
        assert.ok(setCookies(res).length > 0);
        assert.equal(res.headers['cache-control'], sent, value);
      }
    });

    test('CK-10: Cache-Control no-store can be opted out of', async () => {
      const { app } = makeApp(express, { cacheControl: false }, standardRoutes);
      const res = await request(app).get('/write').expect(200);
      assert.equal(res.headers['cache-control'], undefined);
    });

    test('remember me: changing only cookie.maxAge sends a new persistent cookie and keeps the session server-side that long', async () => {
      const clock = manualClock();
      const DAY = 24 * 3600 * 1000;
      const store = new MemoryStore({ now: clock.now, sweepInterval: 0 });
      const { app } = makeApp(express, { now: clock.now, store }, (app) => {
        standardRoutes(app);
        app.get('/remember', (req, res) => {
          req.session.cookie.maxAge = 30 * DAY;
          res.end();
        });
      });
      const cookie = sessionCookie(await request(app).get('/write'))!;
      const remembered = await request(app).get('/remember').set('Cookie', cookie).expect(200);
      const line = setCookies(remembered)[0]!;
      assert.ok(line.startsWith(cookie), 'same id, re-issued');
      assert.match(line, new RegExp(`Max-Age=${(30 * DAY) / 1000}`));
      clock.advance(3 * DAY);
      const later = await request(app).get('/write').set('Cookie', cookie).expect(200);
      assert.equal(later.body.count, 2, 'alive after days of inactivity (stretched idle timeout)');
      const maxAge = Number(/Max-Age=(\d+)/.exec(setCookies(later)[0]!)![1]);
      assert.ok(maxAge <= (30 * DAY - 3 * DAY) / 1000, 'CK-09: Max-Age never exceeds the remaining absolute lifetime');
    });

    test('CK-09: Max-Age never exceeds 400 days', async () => {
      const clock = manualClock();
      const store = new MemoryStore({ now: clock.now, sweepInterval: 0 });
      const { app } = makeApp(express, { now: clock.now, store, cookie: { maxAge: 500 * 24 * 3600 * 1000 } }, standardRoutes);
      const res = await request(app).get('/write').expect(200);
      assert.match(setCookies(res)[0]!, /Max-Age=34560000;/);
    });
  });
}
