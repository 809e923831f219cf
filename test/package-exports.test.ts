import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

// The published surface, read from the build (`npm test` builds first) through the package's own
// name, exactly as an app would: `require('satchel/…')` and `import('satchel/…')`.
const require = createRequire(import.meta.url);
// Through a variable, so the type-checker does not load dist/*.d.ts next to src/ (both declare
// the global Express.Request augmentation).
const load = (specifier: string) => import(specifier) as Promise<Record<string, unknown>>;
const root = new URL('..', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, unknown> };

const MAIN_RUNTIME_EXPORTS = [
  'CookieTooLargeError',
  'MemoryStore',
  'NoSessionError',
  'SealKeyError',
  'SessionConflictError',
  'SessionCookieError',
  'SessionCsrfError',
  'SessionError',
  'SessionOptionsError',
  'SessionStoreError',
  'SessionTenantError',
  'SessionValueError',
  'Store',
  'TIMEOUT_PRESETS',
  'bindExpressStore',
  'cookieSession',
  'cookieSessionOf',
  'cookieSessionOptionsOf',
  'createSealer',
  'csrf',
  'flash',
  'fromExpressStore',
  'generateSealKey',
  'isSessionError',
  'readLegacyCookieSession',
  'resealSessions',
  'session',
  'sessionOf',
  'toExpressStore',
];

const STORE_CLASSES: Record<string, string> = {
  'satchel/sqlite': 'SqliteStore',
  'satchel/redis': 'RedisStore',
  'satchel/postgres': 'PostgresStore',
  'satchel/mysql': 'MysqlStore',
  'satchel/mongodb': 'MongoStore',
};

describe('package exports (built output)', () => {
  test('the build exists (npm test runs `npm run build` first)', () => {
    assert.ok(existsSync(`${root}dist/index.cjs`), 'dist/ is missing: run `npm run build`');
  });

  test('every subpath has ESM, CJS and a types file per condition', () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === './package.json') continue;
      const conditions = target as { import: { types: string; default: string }; require: { types: string; default: string } };
      for (const file of [conditions.import.types, conditions.import.default, conditions.require.types, conditions.require.default]) {
        assert.ok(existsSync(`${root}${file}`), `${subpath}: ${file} is missing`);
      }
    }
  });

  test("require('satchel') and import('satchel') expose the same runtime names", async () => {
    const cjs = require('satchel') as Record<string, unknown>;
    const esm = (await load('satchel')) as Record<string, unknown>;
    assert.deepEqual(Object.keys(cjs).filter((k) => k !== '__esModule').sort(), MAIN_RUNTIME_EXPORTS);
    assert.deepEqual(Object.keys(esm).filter((k) => k !== 'default').sort(), MAIN_RUNTIME_EXPORTS);
    assert.equal(typeof cjs.session, 'function');
  });

  test("require('satchel/express-session') is the middleware factory itself, with Store/Session/Cookie/MemoryStore", async () => {
    const session = require('satchel/express-session') as Record<string, unknown> & ((opts: object) => unknown);
    assert.equal(typeof session, 'function');
    for (const name of ['Store', 'Session', 'Cookie', 'MemoryStore']) assert.equal(typeof session[name], 'function', name);
    // Third-party stores call the base without `new`.
    const store = {};
    (session.Store as (this: object) => void).call(store);
    assert.equal(typeof (session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }) as unknown), 'function');
    const esm = (await load('satchel/express-session')) as { default: unknown };
    assert.equal(esm.default, (await load('satchel/express-session')).default);
    assert.equal(typeof esm.default, 'function');
  });

  test("require('satchel/cookie-session') is the middleware factory itself", async () => {
    const cookieSession = require('satchel/cookie-session') as unknown;
    assert.equal(typeof cookieSession, 'function');
    const esm = (await load('satchel/cookie-session')) as { default: unknown };
    assert.equal(typeof esm.default, 'function');
  });

  test("each framework subpath exposes its own session, cookieSession and csrf, and the shared SessionCsrfError", async () => {
    const main = require('satchel') as Record<string, unknown>;
    for (const subpath of ['satchel/fastify', 'satchel/koa', 'satchel/hono', 'satchel/node', 'satchel/web']) {
      for (const mod of [require(subpath) as Record<string, unknown>, await load(subpath)]) {
        for (const name of ['session', 'cookieSession', 'csrf']) assert.equal(typeof mod[name], 'function', `${subpath} ${name}`);
        assert.notEqual(mod.csrf, main.csrf, `${subpath} has a csrf of its own`);
        assert.equal(typeof mod.SessionCsrfError, 'function', `${subpath} SessionCsrfError`);
      }
    }
  });

  test('satchel/testing exposes runStoreSuite', async () => {
    assert.equal(typeof (require('satchel/testing') as { runStoreSuite: unknown }).runStoreSuite, 'function');
    assert.equal(typeof ((await load('satchel/testing')) as { runStoreSuite: unknown }).runStoreSuite, 'function');
  });

  test('each store subpath exposes its class and loads no database driver', () => {
    for (const [subpath, name] of Object.entries(STORE_CLASSES)) {
      // A fresh process: nothing else has loaded a driver into its module cache.
      const script = `
        const mod = require(${JSON.stringify(subpath)});
        const drivers = Object.keys(require.cache).filter((f) => /node_modules\\/(redis|ioredis|pg|mysql2|mongodb|better-sqlite3)\\//.test(f));
        process.stdout.write(JSON.stringify({ type: typeof mod[${JSON.stringify(name)}], drivers }));`;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8' })) as {
        type: string;
        drivers: string[];
      };
      assert.equal(out.type, 'function', `${subpath} exports ${name}`);
      assert.deepEqual(out.drivers, [], `${subpath} loaded a driver at runtime`);
    }
  });
});

describe('audit packaging: the tarball (npm pack of the built tree)', () => {
  // --ignore-scripts: the tree is already built (`npm test` builds first); prepack would rebuild it.
  const dir = mkdtempSync(join(tmpdir(), 'satchel-pack-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const packed = () => {
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' });
    const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
    return info!;
  };

  test('audit packaging: ships README, docs (every docs/ link of the README), dist and bin', () => {
    const paths = packed().files.map((file) => file.path);
    for (const path of ['README.md', 'package.json', 'bin/satchel.mjs', 'dist/index.cjs', 'dist/express-session.d.cts']) assert.ok(paths.includes(path), path);
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const docLinks = [...readme.matchAll(/\]\((docs\/[^)#]+)/g)].map((match) => match[1]!);
    assert.ok(docLinks.length > 0, 'the README links into docs/');
    for (const link of docLinks) assert.ok(paths.includes(link), `README links ${link}, which the tarball lacks`);
  });

  test('audit packaging: the packed package.json runs nothing at install time and names its repository', () => {
    const { filename } = packed();
    const text = execFileSync('tar', ['-xzOf', join(dir, filename), 'package/package.json'], { encoding: 'utf8' });
    const manifest = JSON.parse(text) as { scripts?: Record<string, string>; repository?: { type: string; url: string } };
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) assert.equal(manifest.scripts?.[hook], undefined, hook);
    assert.match(manifest.scripts?.prepack ?? '', /build/, 'the tarball is built by prepack');
    assert.deepEqual(manifest.repository, { type: 'git', url: 'git+https://github.com/satchel-js/satchel.git' });
  });
});
