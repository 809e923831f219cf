import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, compileFixture, writeFixture } from './support/tsc-fixture.js';

// The published declarations (dist/) under each SessionMode an app may declare, the way an app
// writes it: `declare module 'satchel'`. Each fixture is its own program (the declaration is
// global to one); its `@ts-expect-error` lines are the negative checks. test/types/modes.test.ts
// checks the same against src/.
const root = ROOT;

const DATA = `
  interface SessionData {
    userId: string;
  }`;

const STORE_ROUTE = `
app.post('/login', async (req, res) => {
  await req.session.login('u1');
  await req.session.reload();
  const userId: string | undefined = req.session.userId;
  // @ts-expect-error userId is a string
  req.session.userId = 42;
  const id: string = req.sessionID;
  // @ts-expect-error sessionOptions belongs to cookieSession()
  void req.sessionOptions;
  res.json({ userId, id });
});
`;

const COOKIE_ROUTE = `
app.post('/login', async (req, res) => {
  // @ts-expect-error a cookie session starts empty: userId may be undefined
  const required: string = req.session.userId;
  await req.session.regenerate();
  req.session.userId = 'u1';
  // @ts-expect-error userId is a string
  req.session.userId = 42;
  const flags: boolean[] = [req.session.isNew, req.session.isChanged, req.session.isPopulated];
  // @ts-expect-error login() is session()'s
  await req.session.login('u1');
  // @ts-expect-error reload() is session()'s
  await req.session.reload();
  // @ts-expect-error listUserSessions() is session()'s
  await req.session.listUserSessions();
  // @ts-expect-error sessionID is session()'s
  void req.sessionID;
  req.sessionOptions.idleTimeout = 15 * 60_000;
  // @ts-expect-error sameSite takes lax, strict or none
  req.sessionOptions.sameSite = 'sometimes';
  req.session = { userId: 'u2' };
  req.session = null;
  res.json({ required, flags });
});
`;

const ESM_STORE = `
import express from 'express';
import { session } from 'satchel';
declare module 'satchel' {${DATA}
}
const app = express();
app.use(session({ secret: 'a-secret-long-enough-for-the-type-test-only-0123' }));
${STORE_ROUTE}`;

const ESM_COOKIE = `
import express from 'express';
import { cookieSession } from 'satchel';
declare module 'satchel' {
  interface SessionMode { mode: 'cookie' }${DATA}
}
const app = express();
app.use(cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] }));
${COOKIE_ROUTE}`;

const CJS_COOKIE = `
import express = require('express');
import satchel = require('satchel');
declare module 'satchel' {
  interface SessionMode { mode: 'cookie' }${DATA}
}
const app = express();
app.use(satchel.cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] }));
${COOKIE_ROUTE}`;

/** connect-redis's declarations import express-session's, which declare req.session too. */
const ESM_NONE = `
import express from 'express';
import { RedisStore } from 'connect-redis';
import { fromExpressStore, session, sessionOf, cookieSessionOf } from 'satchel';
declare module 'satchel' {
  interface SessionMode { mode: 'none' }${DATA}
}
declare const redisStore: RedisStore;
const app = express();
app.use(session({ secret: 'a-secret-long-enough-for-the-type-test-only-0123', store: fromExpressStore(redisStore) }));
app.post('/login', async (req, res) => {
  req.session.regenerate((err: unknown) => void err);
  // @ts-expect-error login() is not in express-session's declaration
  void req.session.login;
  await sessionOf(req).login('u1');
  const userId: string | undefined = sessionOf(req).userId;
  // @ts-expect-error login() is session()'s
  await cookieSessionOf(req).login('u1');
  res.json({ userId });
});
`;

interface Fixture {
  name: string;
  type: 'commonjs' | 'module';
  compilerOptions: Record<string, unknown>;
  source: string;
}

const FIXTURES: Fixture[] = [
  { name: 'default mode, nodenext ESM', type: 'module', compilerOptions: { module: 'nodenext' }, source: ESM_STORE },
  { name: 'default mode, bundler resolution', type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, source: ESM_STORE },
  { name: "mode 'cookie', nodenext ESM", type: 'module', compilerOptions: { module: 'nodenext' }, source: ESM_COOKIE },
  { name: "mode 'cookie', nodenext CommonJS", type: 'commonjs', compilerOptions: { module: 'nodenext' }, source: CJS_COOKIE },
  { name: "mode 'cookie', commonjs + node10", type: 'commonjs', compilerOptions: { module: 'commonjs', esModuleInterop: true }, source: CJS_COOKIE },
  {
    name: "mode 'none' beside express-session's declarations, nodenext ESM",
    type: 'module',
    compilerOptions: { module: 'nodenext', paths: { 'express-session': [join(root, 'node_modules/express-session-types/index.d.ts')] } },
    source: ESM_NONE,
  },
];

let work: string;

function project(fixture: Fixture): string {
  return writeFixture(work, { ...fixture, compilerOptions: { noEmit: true, ...fixture.compilerOptions }, packages: ['connect-redis'] });
}

describe('audit: req.session types per SessionMode in the published declarations (built dist/)', () => {
  before(() => {
    assert.ok(existsSync(join(root, 'dist/index.d.cts')), 'dist/ is missing: run `npm run build`');
    work = mkdtempSync(join(tmpdir(), 'satchel-modes-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const fixture of FIXTURES) {
    test(`audit typings: ${fixture.name}`, () => {
      const { status, output } = compileFixture(project(fixture));
      assert.equal(status, 0, output);
    });
  }
});
