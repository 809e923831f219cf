// Migration: connect-redis's declarations import express-session's, whose Express.Request
// declares `session` too. The app opts out of satchel's declaration and reads satchel's
// session through the typed accessors.
import express from 'express';
import { RedisStore } from 'connect-redis';
import type { SessionData as ExpressSessionData } from 'express-session';
import {
  cookieSessionOf,
  cookieSessionOptionsOf,
  fromExpressStore,
  session,
  sessionOf,
  type CookieSession,
  type RequestSession,
} from '../../../../src/index.js';

declare module '../../../../src/index.js' {
  interface SessionMode { mode: 'none' }
  interface SessionData {
    userId: string;
  }
}
declare module 'express-session' {
  interface SessionData {
    views: number;
  }
}

declare const redisStore: RedisStore;
const app = express();
app.use(session({ secret: 'a-secret-long-enough-for-the-type-test-only-0123', store: fromExpressStore(redisStore) }));
app.post('/login', async (req, res) => {
  // req.session is what express-session's declaration says, whichever import came first.
  const views: number | undefined = req.session.views;
  const stored: Partial<ExpressSessionData> = req.session;
  req.session.regenerate((err: unknown) => void err);
  // @ts-expect-error login() is not in express-session's declaration
  void req.session.login;

  const own: RequestSession = sessionOf(req);
  await sessionOf(req).login('u1');
  const userId: string | undefined = sessionOf(req).userId;
  // @ts-expect-error userId is a string
  sessionOf(req).userId = 42;
  const sealed: CookieSession = cookieSessionOf(req);
  const idle: number = cookieSessionOptionsOf(req).idleTimeout;
  // @ts-expect-error login() is session()'s
  cookieSessionOf(req).login('u1');
  res.json({ views, stored: typeof stored, own: typeof own, userId, sealed: typeof sealed, idle });
});
