/**
 * The published declarations of satchel/hono and satchel/web (dist/, built by `npm test` first),
 * compiled the way an app does: `c.get('session')` and `c.var.session` typed through
 * `SessionEnv`/`CookieSessionEnv`, management on the middleware, the Web handle's shapes; and
 * what must not compile (`@ts-expect-error` fails the build when the error is gone).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { compileFixture, writeFixture } from '../support/tsc-fixture.js';
import { builtHono } from '../runtimes/runtime-server.js';

const SOURCE = `
import { Hono } from 'hono';
import { session, cookieSession, MemoryStore, type SessionEnv, type CookieSessionEnv, type HonoSession } from 'satchel/hono';
import * as web from 'satchel/web';

// Apps type their session data once, through the subpath they use.
declare module 'satchel/hono' {
  interface SessionData {
    userId?: string;
  }
}

const sessions = session({ secret: 'Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE', store: new MemoryStore() });
const app = new Hono<SessionEnv>();
app.use(sessions);
app.post('/login', async (c) => {
  const s: HonoSession = c.get('session');
  await s.login('u1');
  const id: string = c.var.session.id;
  const count: number = (await sessions.listUserSessions('u1')).length;
  const userId: string | undefined = c.get('session').userId;
  // @ts-expect-error SessionData says userId is a string
  c.get('session').userId = 1;
  // @ts-expect-error the session is an object, not a string
  const wrong: string = c.get('session');
  return c.json({ id, count, wrong, userId });
});

const sealed = new Hono<CookieSessionEnv>();
sealed.use(cookieSession({ keys: ['k'], proxy: true }).on('rejected', ({ reason }) => console.log(reason)));
sealed.get('/', async (c) => {
  c.get('sessionOptions').idleTimeout = 60_000;
  const isNew: boolean = c.get('session').isNew;
  await c.get('session').regenerate();
  // @ts-expect-error sessionOptions has no such setting
  c.get('sessionOptions').colour = 'red';
  return c.json({ isNew });
});

// @ts-expect-error session() needs a secret
session({ store: new MemoryStore() });

const handler = web.session({ secret: 'Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE' });
export async function POST(request: Request): Promise<Response> {
  const s = await handler.load(request);
  s.session.visits = 1;
  s.session = null;
  const headers: Headers = await s.commit(new Headers());
  return s.commit(new Response(null, { headers }));
}
const sealedWeb = web.cookieSession({ keys: ['k'] });
export async function GET(request: Request): Promise<Response> {
  const s = await sealedWeb.load(request);
  s.options.rolling = true;
  s.session = null;
  // @ts-expect-error commit() takes a Response or Headers
  await s.commit('body');
  return s.commit(new Response('ok'));
}
`;

const work = mkdtempSync(join(tmpdir(), 'satchel-hono-types-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('satchel/hono and satchel/web declarations type an app as documented (NodeNext, ESM)', () => {
  builtHono();
  const dir = writeFixture(work, {
    name: 'hono-web-esm',
    type: 'module',
    compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], noEmit: true },
    source: SOURCE,
    packages: ['hono'],
  });
  const { status, output } = compileFixture(dir);
  assert.equal(status, 0, output);
});
