/**
 * A small Express app run as its own process by unobserved.test.ts, under Node's default
 * `--unhandled-rejections=throw`: `req.session` methods fail here while nobody awaits them.
 * Prints `listening <port>`; GET /errors lists the codes its `error` listener received.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import { cookieSession } from '../../../src/adapters/express/cookie-session.js';
import compatCookieSession from '../../../src/compat/cookie-session.js';

type AnySession = Record<string, unknown> & {
  save(callback?: unknown): unknown;
  regenerate(callback?: unknown): unknown;
  destroy(callback?: unknown): unknown;
};
const session = (req: express.Request) => (req as unknown as { session: AnySession }).session;
const tooBig = () => 'x'.repeat(5000);

const keys = [randomBytes(32).toString('base64url')];
const listened = cookieSession({ keys });
const received: string[] = [];
listened.on('error', ({ error }) => received.push(String((error as { code?: string }).code)));
const unlistened = cookieSession({ keys });

const sealed = express.Router();
sealed.get('/big', (req, res) => {
  session(req).blob = tooBig();
  void session(req).save();
  res.send('went on');
});
sealed.get('/async-big', async (req, res) => {
  session(req).blob = tooBig();
  session(req).save();
  await new Promise((resolve) => setTimeout(resolve, 5));
  res.send('went on');
});
sealed.get('/late', (req, res) => {
  res.send('sent');
  session(req).n = 1;
  session(req).save();
});
sealed.get('/awaited', async (req, res) => {
  session(req).blob = tooBig();
  try {
    await session(req).save();
    res.send('saved');
  } catch (error) {
    res.status(413).send(String((error as { code?: string }).code));
  }
});

const app = express();
app.use('/listened', listened, sealed);
app.use('/unlistened', unlistened, sealed);
app.get('/errors', (_req, res) => res.json(received));
app.use('/compat', compatCookieSession({ keys: ['k'] }), (req, res) => {
  session(req).blob = tooBig();
  session(req).save();
  session(req).regenerate();
  session(req).destroy();
  res.send('went on');
});
app.get('/alive', (_req, res) => res.send('alive'));

const server = app.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as { port: number }).port}`);
});
