import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, compileFixture, writeFixture } from './support/tsc-fixture.js';

// The published declarations (dist/, built by `npm test` first), checked the way apps consume
// them: small projects with `satchel` installed (a symlink to this package) compiled by the
// project's TypeScript under each module setting an app may use, every subpath imported.
const root = ROOT;

const STORES = `
import { RedisStore } from 'satchel/redis';
import { SqliteStore } from 'satchel/sqlite';
import { PostgresStore } from 'satchel/postgres';
import { MysqlStore } from 'satchel/mysql';
import { MongoStore } from 'satchel/mongodb';
import { runStoreSuite } from 'satchel/testing';
export const stores = [RedisStore, SqliteStore, PostgresStore, MysqlStore, MongoStore, runStoreSuite].map((value) => typeof value);
`;

/** CommonJS: `import x = require()`, the form express-session's own typings are used with. */
const CJS_SOURCE = `
import session = require('satchel/express-session');
import cookieSession = require('satchel/cookie-session');
import satchel = require('satchel');
${STORES}
const options: session.ExpressSessionOptions = { secret: 'k', resave: false, saveUninitialized: false, store: new session.MemoryStore() };
const middleware: session.ExpressSessionMiddleware = session(options);
const cookieOptions: cookieSession.DropInCookieSessionOptions = { keys: ['k'] };
const cookieMiddleware: cookieSession.DropInCookieSessionMiddleware = cookieSession(cookieOptions);
const engine = satchel.session({ secret: 'Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE' });
console.log(JSON.stringify([typeof session, typeof session.Store, typeof cookieSession, typeof middleware, typeof cookieMiddleware, typeof engine, ...stores]));
`;

const ESM_SOURCE = `
import session, { type ExpressSessionOptions, type ExpressSessionMiddleware } from 'satchel/express-session';
import cookieSession, { type DropInCookieSessionOptions } from 'satchel/cookie-session';
import { session as engineSession, MemoryStore } from 'satchel';
${STORES}
const options: ExpressSessionOptions = { secret: 'k', resave: false, saveUninitialized: false, store: new session.MemoryStore() };
const middleware: ExpressSessionMiddleware = session(options);
const cookieOptions: DropInCookieSessionOptions = { keys: ['k'] };
console.log(JSON.stringify([typeof middleware, typeof cookieSession(cookieOptions), typeof engineSession({ secret: 'Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE', store: new MemoryStore() }), ...stores]));
`;

/** A name the ESM declarations must not offer as a value: the module exports only its default. */
const ESM_NO_VALUE_SOURCE = `
import { DropInCookieSession } from 'satchel/cookie-session';
export const value = DropInCookieSession;
`;

interface Fixture {
  name: string;
  type: 'commonjs' | 'module';
  compilerOptions: Record<string, unknown>;
  source: string;
  /** Run the emitted JS too: the types must describe what `require`/`import` really return. */
  run: boolean;
}

const FIXTURES: Fixture[] = [
  { name: 'commonjs + node10 (module resolution default)', type: 'commonjs', compilerOptions: { module: 'commonjs' }, source: CJS_SOURCE, run: true },
  { name: 'nodenext, CommonJS package', type: 'commonjs', compilerOptions: { module: 'nodenext' }, source: CJS_SOURCE, run: true },
  { name: 'nodenext, ESM package', type: 'module', compilerOptions: { module: 'nodenext' }, source: ESM_SOURCE, run: true },
  { name: 'bundler resolution', type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' }, source: ESM_SOURCE, run: false },
];

let work: string;

function project(name: string, type: string, compilerOptions: Record<string, unknown>, source: string): string {
  return writeFixture(work, { name, type, compilerOptions: { outDir: 'out', ...compilerOptions }, source });
}

const compile = compileFixture;

describe('audit: the published types work under every module setting (built dist/)', () => {
  before(() => {
    assert.ok(existsSync(join(root, 'dist/express-session.d.cts')), 'dist/ is missing: run `npm run build`');
    work = mkdtempSync(join(tmpdir(), 'satchel-types-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const fixture of FIXTURES) {
    test(`audit typings: ${fixture.name}: tsc accepts every subpath, and the drop-ins are callable`, () => {
      const dir = project(fixture.name, fixture.type, fixture.compilerOptions, fixture.source);
      const { status, output } = compile(dir);
      assert.equal(status, 0, output);
      if (!fixture.run) return;
      const printed = JSON.parse(execFileSync(process.execPath, [join(dir, 'out/index.js')], { cwd: dir, encoding: 'utf8' })) as string[];
      assert.ok(printed.every((type) => type === 'function'), printed.join(' '));
    });
  }

  test('audit typings: ESM types of a drop-in offer no value beside the default (DropInCookieSession is a type)', () => {
    const dir = project('esm-no-value', 'module', { module: 'nodenext' }, ESM_NO_VALUE_SOURCE);
    const { status, output } = compile(dir);
    assert.notEqual(status, 0, 'DropInCookieSession imported as a value compiled');
    assert.match(output, /TS1361|cannot be used as a value/, output);
  });
});
