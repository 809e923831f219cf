/**
 * Child process of express-session-unawaited.test.ts (audit M1): an Express app on the drop-in
 * whose handlers fire session methods without a callback while the store's Redis connection is
 * really cut by a TCP proxy. Usage: node --import tsx unawaited-app.ts <connect-redis|satchel-redis>.
 * Prints `listening <port>`; the parent drives it over HTTP.
 */
import type { Request, Response } from 'express';
import express from 'express';
import { RedisStore as ConnectRedisStore } from 'connect-redis';
import { createClient } from 'redis';
import session from '../../../src/compat/express-session.js';
import { RedisStore } from '../../../src/stores/redis.js';
import { REDIS_URL, uniqueName } from '../../support/servers.js';
import { startTcpProxy } from '../../support/tcp-proxy.js';

const kind = process.argv[2];
const target = new URL(REDIS_URL);
const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
// No offline queue: a command sent while the proxy is cut fails at once instead of waiting.
const client = createClient({ socket: { host: '127.0.0.1', port: proxy.port, reconnectStrategy: () => 100 }, disableOfflineQueue: true });
client.on('error', () => {});
await client.connect();
const prefix = `${uniqueName('satchel_m1')}:`;
const store =
  kind === 'connect-redis'
    ? new ConnectRedisStore({ client, prefix })
    : new RedisStore({ client: client as never, prefix, operationTimeout: 300 });

const app = express();
app.use(session({ secret: 'unawaited secret', store: store as object, resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } }));
app.get('/login', (req: Request, res: Response) => {
  req.session!.user = 'ada';
  res.end('in');
});
app.get('/logout', (req: Request, res: Response) => {
  proxy.cut();
  req.session!.destroy();
  res.redirect('/');
});
app.get('/save', (req: Request, res: Response) => {
  proxy.cut();
  req.session!.note = 'unsaved';
  req.session!.save();
  res.redirect('/');
});
app.get('/restore', (_req: Request, res: Response) => {
  proxy.restore();
  res.end('restored');
});
app.get('/', (req: Request, res: Response) => {
  res.end(String(req.session?.user ?? 'anonymous'));
});
app.use((err: Error, _req: Request, res: Response, _next: unknown) => {
  if (!res.headersSent) res.status(500).end(`error: ${err.message}`);
});
const server = app.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
