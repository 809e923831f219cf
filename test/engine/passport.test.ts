import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Express } from 'express';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

interface User {
  id: string;
  name: string;
}

function passportRoutes(serialize: (user: User) => unknown) {
  return (app: Express & { locals: Record<string, unknown> }) => {
    const auth = new passport.Passport();
    auth.use(new LocalStrategy((username, password, done) => (password === 'pw' ? done(null, { id: `id-${username}`, name: username }) : done(null, false))));
    auth.serializeUser((user, done) => done(null, serialize(user as User)));
    auth.deserializeUser((value: unknown, done) => done(null, value as User));
    app.use(auth.session());
    app.post('/login', (req, _res, next) => {
      req.body = { username: String(req.query.u), password: 'pw' };
      next();
    }, auth.authenticate('local'), (_req, res) => {
      res.send('welcome');
    });
    app.get('/devices', async (req, res) => res.json(await req.session.listUserSessions()));
    app.post('/devices/:key/end', async (req, res) => res.json({ ended: await req.session.destroyUserSession(req.params.key!) }));
    app.get('/who', (req, res) => res.json({ user: req.user ?? null }));
    app.post('/logout', (req, res, next) => {
      req.logout((err) => (err ? next(err) : res.send('bye')));
    });
  };
}

for (const [label, express] of EXPRESS) {
  describe(`Passport on session() (${label})`, () => {
    test('audit Passport: req.login() binds the user, so listUserSessions() shows the devices (id serialized as a string)', async () => {
      const { app, mw, store } = makeApp(express, {}, passportRoutes((user) => user.id) as (app: Express) => void);
      const laptop = sessionCookie(await request(app).post('/login?u=alice').set('User-Agent', 'laptop').expect(200))!;
      const phone = sessionCookie(await request(app).post('/login?u=alice').set('User-Agent', 'phone').expect(200))!;
      const devices = await request(app).get('/devices').set('Cookie', laptop).expect(200);
      assert.deepEqual(devices.body.map((d: { userAgent: string }) => d.userAgent).sort(), ['laptop', 'phone']);
      assert.equal((await mw.listUserSessions('id-alice')).length, 2);
      const records = await store.all();
      assert.ok(records.every(({ record }) => record.userId === 'id-alice'));
      assert.ok(phone);
    });

    test('audit Passport: an object from serializeUser binds by its id; passport logout unbinds', async () => {
      const { app, mw } = makeApp(express, {}, passportRoutes((user) => ({ id: user.id, name: user.name })) as (app: Express) => void);
      const cookie = sessionCookie(await request(app).post('/login?u=bob').expect(200))!;
      assert.equal((await mw.listUserSessions('id-bob')).length, 1);
      await request(app).post('/logout').set('Cookie', cookie).expect(200);
      assert.equal((await mw.listUserSessions('id-bob')).length, 0);
    });

    test('audit sign out one device: destroyUserSession(key) ends exactly that session, and only one of the same user', async () => {
      const { app } = makeApp(express, {}, passportRoutes((user) => user.id) as (app: Express) => void);
      const laptop = sessionCookie(await request(app).post('/login?u=carol').set('User-Agent', 'laptop').expect(200))!;
      const phone = sessionCookie(await request(app).post('/login?u=carol').set('User-Agent', 'phone').expect(200))!;
      const tablet = sessionCookie(await request(app).post('/login?u=carol').set('User-Agent', 'tablet').expect(200))!;
      const mallory = sessionCookie(await request(app).post('/login?u=mallory').set('User-Agent', 'evil').expect(200))!;
      const list = (await request(app).get('/devices').set('Cookie', laptop)).body as Array<{ key: string; userAgent: string }>;
      const phoneKey = list.find((d) => d.userAgent === 'phone')!.key;
      // Another user cannot end carol's session by its key.
      assert.equal((await request(app).post(`/devices/${phoneKey}/end`).set('Cookie', mallory)).body.ended, false);
      assert.equal((await request(app).get('/who').set('Cookie', phone)).body.user, 'id-carol');
      assert.equal((await request(app).post(`/devices/${phoneKey}/end`).set('Cookie', laptop)).body.ended, true);
      assert.equal((await request(app).get('/who').set('Cookie', phone)).body.user, null, 'the phone is signed out');
      assert.equal((await request(app).get('/who').set('Cookie', tablet)).body.user, 'id-carol', 'the tablet is not');
      assert.equal((await request(app).get('/who').set('Cookie', laptop)).body.user, 'id-carol', 'nor the laptop');
      const after = (await request(app).get('/devices').set('Cookie', laptop)).body as Array<{ userAgent: string }>;
      assert.deepEqual(after.map((d) => d.userAgent).sort(), ['laptop', 'tablet']);
    });

    test('audit Passport: userIdFrom: false binds nothing from the data', async () => {
      const { app, mw } = makeApp(express, { userIdFrom: false }, passportRoutes((user) => user.id) as (app: Express) => void);
      await request(app).post('/login?u=dave').expect(200);
      assert.equal((await mw.listUserSessions('id-dave')).length, 0);
    });
  });
}
