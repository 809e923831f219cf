// Default mode (no SessionMode declaration): the fields session() puts on the request.
import express from 'express';
import { session, type RequestSession, type SessionStore } from '../../../../src/index.js';

declare module '../../../../src/index.js' {
  interface SessionData {
    userId: string;
  }
}

const app = express();
app.use(session({ secret: 'a-secret-long-enough-for-the-type-test-only-0123' }));
app.post('/login', async (req, res) => {
  await req.session.login('u1');
  await req.session.regenerate({ keep: ['userId'] });
  await req.session.reload();
  const devices = await req.session.listUserSessions();
  const userId: string | undefined = req.session.userId;
  req.session.userId = 'u2';
  // @ts-expect-error userId is a string
  req.session.userId = 42;
  const whole: RequestSession = req.session;
  const id: string = req.sessionID;
  const store: SessionStore = req.sessionStore;
  req.session = null;
  // @ts-expect-error only null or a session may be assigned
  req.session = { userId: 'u3' };
  // @ts-expect-error sessionOptions belongs to cookieSession()
  void req.sessionOptions;
  res.json({ devices: devices.length, userId, whole: typeof whole, id, store: typeof store });
});
