// Cookie mode: the one declaration line an app that uses cookieSession() writes.
import express from 'express';
import { cookieSession, type CookieSession } from '../../../../src/index.js';

declare module '../../../../src/index.js' {
  interface SessionMode { mode: 'cookie' }
  interface SessionData {
    userId: string;
    cart: string[];
  }
}

const app = express();
app.use(cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] }));
app.post('/login', async (req, res) => {
  // A cookie session starts empty: SessionData keys are optional.
  // @ts-expect-error userId may be undefined
  const required: string = req.session.userId;
  const userId: string | undefined = req.session.userId;
  await req.session.regenerate();
  req.session.userId = 'u1';
  req.session.cart?.push('apple');
  // @ts-expect-error userId is a string
  req.session.userId = 42;
  const flags: boolean[] = [req.session.isNew, req.session.isChanged, req.session.isPopulated];
  await req.session.save();
  const whole: CookieSession = req.session;

  // @ts-expect-error login() is session()'s: cookie sessions have no user index
  await req.session.login('u1');
  // @ts-expect-error reload() is session()'s
  await req.session.reload();
  // @ts-expect-error listUserSessions() is session()'s
  await req.session.listUserSessions();
  // @ts-expect-error sessionID is session()'s: a sealed session has no id
  void req.sessionID;
  // @ts-expect-error sessionStore is session()'s
  void req.sessionStore;

  req.sessionOptions.path = '/account';
  req.sessionOptions.sameSite = 'strict';
  req.sessionOptions.idleTimeout = 15 * 60_000;
  req.sessionOptions.rolling = true;
  // @ts-expect-error rolling is a boolean
  req.sessionOptions.rolling = 'yes';
  // @ts-expect-error sameSite takes lax, strict or none
  req.sessionOptions.sameSite = 'sometimes';

  req.session = { userId: 'u2', theme: 'dark' };
  // @ts-expect-error userId is a string
  req.session = { userId: 42 };
  // @ts-expect-error only null or an object may be assigned
  req.session = 'u2';
  req.session = null;
  await req.session.destroy();
  res.json({ required, userId, flags, whole: typeof whole });
});
