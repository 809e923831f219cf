// Default mode on satchel/fastify: request.session is session()'s Session with the app's keys.
import Fastify from 'fastify';
import { session, type FastifyRequestSession } from '../../../../src/fastify.js';

declare module '../../../../src/fastify.js' {
  interface SessionData {
    userId: string;
  }
}

const app = Fastify();
const sessions = session({ secret: 'k3y-0f-at-least-32-random-chars-AbCdEfGh' });
void app.register(sessions);
app.post('/login', async (request, reply) => {
  await request.session.login('u1');
  const id: string = request.session.id;
  const userId: string | undefined = request.session.userId;
  // @ts-expect-error userId is a string
  request.session.userId = 42;
  const whole: FastifyRequestSession = request.session;
  // @ts-expect-error sessionOptions is cookieSession()'s
  void request.sessionOptions;
  const count: number = (await sessions.listUserSessions('u1')).length;
  return reply.send({ id, userId, whole: Boolean(whole), count });
});
