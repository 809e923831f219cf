import { test } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { clearsCookie, cookieHeaderFrom, express4, newKey, shouldSetCookie } from './helpers.js';

interface User {
  id: string;
  name: string;
}

function passportApp(expressFactory: typeof express) {
  const auth = new passport.Passport();
  auth.use(
    new LocalStrategy((username, password, done) =>
      username === 'alice' && password === 'wonderland' ? done(null, { id: '7', name: 'alice' }) : done(null, false),
    ),
  );
  auth.serializeUser((user, done) => done(null, (user as User).id));
  auth.deserializeUser((id: string, done) => done(null, id === '7' ? { id, name: 'alice' } : false));

  const app = expressFactory();
  app.use(expressFactory.urlencoded({ extended: false }));
  app.use(cookieSession({ keys: [newKey()] }));
  app.use(auth.session());
  app.post('/login', auth.authenticate('local', { failureMessage: false }), (_req, res) => {
    res.send('welcome');
  });
  app.get('/private', (req, res) => {
    if (req.isAuthenticated()) res.send(`hello ${(req.user as User).name}`);
    else res.sendStatus(401);
  });
  app.post('/logout', (req, res, next) => {
    req.logout((err) => (err ? next(err) : res.send('bye')));
  });
  return app;
}

for (const [label, factory] of [
  ['Express 5', express],
  ['Express 4', express4],
] as const) {
  test(`LC-01 (${label}): real passport + passport-local log in, reach a protected page, log out`, async () => {
    const app = passportApp(factory);
    assert.equal((await request(app).get('/private')).status, 401);

    const bad = await request(app).post('/login').type('form').send({ username: 'alice', password: 'nope' });
    assert.equal(bad.status, 401);

    const login = await request(app).post('/login').type('form').send({ username: 'alice', password: 'wonderland' });
    assert.equal(login.status, 200, login.text);
    shouldSetCookie(login, 'session');
    const cookie = cookieHeaderFrom(login);

    const page = await request(app).get('/private').set('Cookie', cookie);
    assert.equal(page.status, 200);
    assert.equal(page.text, 'hello alice');

    const logout = await request(app).post('/logout').set('Cookie', cookie);
    assert.equal(logout.text, 'bye');
    assert.ok(clearsCookie(logout, 'session'), 'logout clears the sealed cookie');
    const after = await request(app).get('/private').set('Cookie', cookieHeaderFrom(logout));
    assert.equal(after.status, 401);
  });
}
