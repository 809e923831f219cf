import assert from 'node:assert/strict';
import { once } from 'node:events';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, recordEvents, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`no resurrection (${label})`, () => {
    for (const ending of ['logout', 'regenerate'] as const) {
      test(`TM-03: a slow request finishing after ${ending} cannot re-create the session`, async () => {
        const gate = new EventEmitter();
        const { app, store, mw } = makeApp(express, {}, (app) => {
          app.get('/login', async (req, res) => {
            await req.session.login('alice');
            res.end();
          });
          app.get('/slow', async (req, res) => {
            req.session.note = 'written by the slow request';
            gate.emit('loaded');
            await once(gate, 'go');
            res.end();
          });
          app.get('/end', async (req, res) => {
            if (ending === 'logout') await req.session.logout();
            else await req.session.regenerate();
            res.end();
          });
          app.get('/me', (req, res) => res.json({ note: req.session.note ?? null }));
        });
        const events = recordEvents(mw);
        const cookie = sessionCookie(await request(app).get('/login'))!;
        const loaded = once(gate, 'loaded');
        const slow = request(app).get('/slow').set('Cookie', cookie).then((res) => res);
        await loaded;
        await request(app).get('/end').set('Cookie', cookie).expect(200);
        const keysAfterEnd = (await store.all()).map((entry) => entry.key);
        gate.emit('go');
        const slowRes = await slow;
        assert.equal(slowRes.status, 500);
        assert.equal(slowRes.body.code, 'ERR_SESSION_CONFLICT');
        assert.ok(events.some((e) => e.event === 'conflict'));
        assert.deepEqual((await store.all()).map((entry) => entry.key), keysAfterEnd, 'nothing re-created');
        const replay = await request(app).get('/me').set('Cookie', cookie).expect(200);
        assert.equal(replay.body.note, null);
      });
    }
  });
}
