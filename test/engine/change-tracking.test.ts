import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { SessionPatch } from '../../src/index.js';
import { EXPRESS, countingStore, makeApp, manualClock, sessionCookie, setCookies } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`change tracking (${label})`, () => {
    test('TM-03: an existing session saves an update-only patch of changed top-level keys', async () => {
      const { store, calls } = countingStore();
      const patches: SessionPatch[] = [];
      const update = store.update.bind(store);
      store.update = (key, patch) => {
        patches.push(patch);
        return update(key, patch);
      };
      const { app } = makeApp(express, { store }, (app) => {
        app.get('/init', (req, res) => {
          req.session.skills = ['Nunchucks'];
          req.session.name = 'Napoleon';
          req.session.gone = true;
          res.end();
        });
        app.get('/push', (req, res) => {
          (req.session.skills as string[]).push('Baking');
          delete req.session.gone;
          res.end();
        });
      });
      const cookie = sessionCookie(await request(app).get('/init'))!;
      await request(app).get('/push').set('Cookie', cookie).expect(200);
      assert.equal(calls.create, 1);
      assert.equal(patches.length, 1);
      assert.deepEqual(patches[0]!.set, { skills: ['Nunchucks', 'Baking'] });
      assert.deepEqual(patches[0]!.unset, ['gone']);
      const [{ record }] = (await store.all())!;
      assert.deepEqual(record!.data.skills, ['Nunchucks', 'Baking']);
      assert.equal(record!.data.gone, undefined);
    });

    test('TO-05: an unchanged session is not rewritten, and touched at most every touchAfter ms', async () => {
      const clock = manualClock();
      const { store, calls } = countingStore({ now: clock.now });
      const { app } = makeApp(express, { store, now: clock.now, touchAfter: 60_000 }, (app) => {
        app.get('/write', (req, res) => {
          req.session.x = 1;
          res.end();
        });
        app.get('/read', (req, res) => {
          res.json(req.session.x);
        });
      });
      const cookie = sessionCookie(await request(app).get('/write'))!;
      clock.advance(10_000);
      let res = await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.deepEqual(setCookies(res), [], 'browser-session cookie is not re-sent');
      assert.equal(calls.touch, 0);
      clock.advance(60_000);
      await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(calls.touch, 1);
      res = await request(app).get('/read').set('Cookie', cookie).expect(200);
      assert.equal(calls.touch, 1);
      assert.equal(calls.update, 0);
      const [{ record }] = (await store.all())!;
      assert.equal(record!.lastSeenAt, clock.now());
    });
  });
}
