import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, makeApp, manualClock, recordEvents, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`events (${label})`, () => {
    test('DET-01/DET-02: the lifecycle is observable and no event carries an id or cookie value', async () => {
      const clock = manualClock();
      const ids: string[] = [];
      const cookies: string[] = [];
      const { app, mw } = makeApp(express, { now: clock.now, store: new MemoryStore({ now: () => 0, sweepInterval: 0 }) }, (app) => {
        app.use((req, _res, next) => {
          ids.push(req.sessionID);
          next();
        });
        app.get('/write', (req, res) => {
          req.session.a = 1;
          res.end();
        });
        app.get('/login', async (req, res) => {
          await req.session.login('u1');
          ids.push(req.sessionID);
          res.end();
        });
        app.get('/logout', async (req, res) => {
          await req.session.logout();
          res.end();
        });
      });
      const events = recordEvents(mw);
      const track = (res: request.Response) => {
        const cookie = sessionCookie(res);
        if (cookie) cookies.push(cookie, decodeURIComponent(cookie));
        return cookie;
      };
      const a = track(await request(app).get('/write'))!;
      const b = track(await request(app).get('/login').set('Cookie', a))!;
      await request(app).get('/write').set('Cookie', a);
      await request(app).get('/logout').set('Cookie', b);
      const c = track(await request(app).get('/write'))!;
      clock.advance(13 * 3600_000);
      await request(app).get('/write').set('Cookie', c);
      await request(app).get('/write').set('Cookie', 'sid=tampered');
      const names = new Set(events.map((e) => e.event));
      for (const name of ['created', 'regenerated', 'login', 'logout', 'destroyed', 'expired', 'rejected']) assert.ok(names.has(name), name);
      const serialized = JSON.stringify(events);
      for (const secret of [...ids, ...cookies]) assert.ok(!serialized.includes(secret), 'event leaks a raw id or cookie');
      const created = events.filter((e) => e.event === 'created').map((e) => (e.payload as { session: string }).session);
      assert.ok(created.every((hash) => /^[0-9a-f]{32}$/.test(hash)));
    });

    test('a throwing listener does not break the request', async () => {
      const { app, mw } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          req.session.a = 1;
          res.send('ok');
        });
      });
      mw.on('created', () => {
        throw new Error('listener bug');
      });
      await request(app).get('/').expect(200);
    });
  });
}
