import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

for (const [label, express] of EXPRESS) {
  describe(`tutorial flow (${label})`, () => {
    test('name, "primary skill", skills.push, change, delete and destroy all persist', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/set', (req, res) => {
          req.session.name = 'Napoleon';
          req.session['primary skill'] = 'Dancing';
          req.session.skills = ['Nunchucks'];
          res.send('ok');
        });
        app.get('/push', (req, res) => {
          (req.session.skills as string[]).push('Baking');
          res.send('ok');
        });
        app.get('/change', (req, res) => {
          req.session['primary skill'] = 'Bow hunting';
          res.send('ok');
        });
        app.get('/delete', (req, res) => {
          delete req.session.name;
          res.send('ok');
        });
        app.get('/show', (req, res) => {
          res.json(req.session);
        });
        app.get('/destroy', async (req, res) => {
          await req.session.destroy();
          res.send('bye');
        });
      });
      const first = await request(app).get('/set').expect(200);
      const cookie = sessionCookie(first);
      assert.ok(cookie, 'a session cookie is set once data is written');
      await request(app).get('/push').set('Cookie', cookie).expect(200);
      let shown = await request(app).get('/show').set('Cookie', cookie).expect(200);
      assert.equal(shown.body.name, 'Napoleon');
      assert.deepEqual(shown.body.skills, ['Nunchucks', 'Baking']);
      await request(app).get('/change').set('Cookie', cookie).expect(200);
      await request(app).get('/delete').set('Cookie', cookie).expect(200);
      shown = await request(app).get('/show').set('Cookie', cookie).expect(200);
      assert.equal(shown.body.name, undefined);
      assert.equal(shown.body['primary skill'], 'Bow hunting');
      assert.deepEqual(Object.keys(shown.body).sort(), ['cookie', 'primary skill', 'skills']);
      await request(app).get('/destroy').set('Cookie', cookie).expect(200);
      shown = await request(app).get('/show').set('Cookie', cookie).expect(200);
      assert.equal(shown.body['primary skill'], undefined);
    });
  });
}
