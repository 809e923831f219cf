/**
 * The published declarations of satchel/koa and satchel/node (dist/), compiled the way an app
 * does: `ctx.session` typed by Koa's context augmentation in the default mode and in the mode an
 * app declares in KoaSessionMode, and `await sessions(req, res)` resolving with a typed request.
 * The `@ts-expect-error` lines are the negative checks. Needs `npm run build` first. skipLibCheck:
 * @types/koa 3.0.3 does not compile against the installed content-disposition's own types.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, compileFixture, writeFixture } from '../support/tsc-fixture.js';

// SessionData is augmented through the subpath the app imports (it re-exports satchel's own interface).
const data = (subpath: string) => `
declare module '${subpath}' {
  interface SessionData {
    userId: string;
  }
}`;

const KOA_STORED = `
import Koa from 'koa';
import { session, MemoryStore } from 'satchel/koa';
${data('satchel/koa')}
const app = new Koa();
const sessions = session({ secret: 'x'.repeat(40), store: new MemoryStore(), cookie: (ctx) => ({ path: ctx.path.startsWith('/app') ? '/app' : '/' }) });
app.use(sessions);
app.use(async (ctx) => {
  await ctx.session.login('u1');
  const userId: string | undefined = ctx.session.userId;
  // @ts-expect-error userId is a string
  ctx.session.userId = 42;
  // @ts-expect-error not a method of the session
  ctx.session.nope();
  const mine = await sessions.listUserSessions('u1');
  ctx.session = null;
  // @ts-expect-error only null or a session
  ctx.session = 5;
  ctx.body = { userId, mine: mine.length };
});
`;

const KOA_COOKIE = `
import Koa from 'koa';
import { cookieSession } from 'satchel/koa';
${data('satchel/koa')}
declare module 'satchel/koa' {
  interface KoaSessionMode {
    mode: 'cookie';
  }
}
const app = new Koa();
app.use(cookieSession({ keys: ['k'.repeat(43)] }).on('error', () => {}));
app.use(async (ctx) => {
  // @ts-expect-error a cookie session starts empty: userId may be undefined
  const required: string = ctx.session.userId;
  await ctx.session.regenerate();
  ctx.session.userId = 'u1';
  // @ts-expect-error login() is session()'s
  await ctx.session.login('u1');
  ctx.sessionOptions.persistent = false;
  ctx.session = { userId: 'u2' };
  ctx.session = null;
  ctx.body = { required };
});
`;

const NODE = `
import http from 'node:http';
import { session, cookieSession } from 'satchel/node';
${data('satchel/node')}
const sessions = session({ secret: 'x'.repeat(40), onError: (error, _req, res) => { res.statusCode = 500; res.end(String(error)); } });
const cookies = cookieSession({ keys: ['k'.repeat(43)], proxy: true });
http.createServer(async (req, res) => {
  const request = await sessions(req, res);
  const userId: string | undefined = request.session.userId;
  await request.session.login('u1');
  const id: string = request.sessionID;
  // @ts-expect-error userId is a string
  request.session.userId = 42;
  request.session = null;
  res.end(JSON.stringify({ userId, id }));
});
http.createServer(async (req, res) => {
  const request = await cookies(req, res);
  request.session.userId = 'u1';
  request.sessionOptions.persistent = false;
  // @ts-expect-error login() is session()'s
  await request.session.login('u1');
  res.end();
});
`;

const FIXTURES = [
  { name: 'koa default mode', source: KOA_STORED },
  { name: "koa mode 'cookie'", source: KOA_COOKIE },
  { name: 'node handlers', source: NODE },
];

describe('satchel/koa and satchel/node declarations (built output)', () => {
  let work = '';
  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist/koa.d.ts')), 'dist/ is missing: run `npm run build`');
    work = mkdtempSync(join(tmpdir(), 'satchel-edges-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const fixture of FIXTURES) {
    test(`${fixture.name}: compiles, and every @ts-expect-error is an error`, () => {
      const dir = writeFixture(work, { ...fixture, type: 'module', compilerOptions: { module: 'nodenext', noEmit: true, skipLibCheck: true }, packages: ['koa'] });
      const { status, output } = compileFixture(dir);
      assert.equal(status, 0, output);
    });
  }
});
