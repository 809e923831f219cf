// Cookie mode on satchel/fastify: the one declaration line an app that uses cookieSession() writes.
import Fastify from 'fastify';
import { cookieSession, type CookieSession } from '../../../../src/fastify.js';

declare module '../../../../src/fastify.js' {
  interface FastifySessionMode { mode: 'cookie' }
  interface SessionData {
    userId: string;
  }
}

const app = Fastify();
const sessions = cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] });
sessions.on('created', () => undefined);
void app.register(sessions);
app.post('/login', async (request) => {
  await request.session.regenerate();
  request.session.userId = 'u1';
  // @ts-expect-error userId is a string
  request.session.userId = 42;
  const whole: CookieSession = request.session;
  request.sessionOptions.idleTimeout = 60_000;
  // @ts-expect-error login() is session()'s: cookie sessions have no user index
  await request.session.login('u1');
  request.session = null;
  return { ok: Boolean(whole) };
});
