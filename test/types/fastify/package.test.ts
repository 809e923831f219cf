/**
 * satchel/fastify as an app installs it: the built dist/ (`npm test` builds first) through the
 * package's `exports`, compiled by a small project's TypeScript, ESM and CommonJS, and run: the
 * declarations (with their `FastifyRequest` augmentation) must describe what the code does.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, compileFixture, writeFixture } from '../../support/tsc-fixture.js';

const APP = `
const app = Fastify();
const plugin = session({ secret: 'Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE', store: new MemoryStore() });
await app.register(plugin);
app.post('/login', async (request) => {
  await request.session.login('ada');
  return { ok: true };
});
const login = await app.inject({ method: 'POST', url: '/login' });
const devices = (await plugin.listUserSessions('ada')).length;
console.log(JSON.stringify({ status: login.statusCode, cookie: login.cookies[0]?.name, devices, codes: new SessionOptionsError('x').code }));
await app.close();
`;

const ESM = `
import Fastify from 'fastify';
import { session, MemoryStore, SessionOptionsError } from 'satchel/fastify';
${APP}`;

// CommonJS: no top-level await, so the app runs in an async function.
const CJS = `
import Fastify from 'fastify';
import { session, MemoryStore, SessionOptionsError } from 'satchel/fastify';
void (async () => {
${APP}
})();
`;

let work: string;

describe('satchel/fastify from the built package (dist/)', () => {
  before(() => {
    assert.ok(existsSync(join(ROOT, 'dist/fastify.d.ts')), 'dist/ is missing: run `npm run build`');
    work = mkdtempSync(join(tmpdir(), 'satchel-fastify-package-'));
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  for (const [name, type, source] of [
    ['nodenext, ESM package', 'module', ESM],
    ['nodenext, CommonJS package', 'commonjs', CJS],
  ] as const) {
    test(`${name}: request.session.login() type-checks without annotations, and the app runs`, () => {
      const dir = writeFixture(work, { name, type, compilerOptions: { module: 'nodenext', outDir: 'out', esModuleInterop: true }, source, packages: ['fastify'] });
      const { status, output } = compileFixture(dir);
      assert.equal(status, 0, output);
      const printed = JSON.parse(execFileSync(process.execPath, [join(dir, 'out/index.js')], { cwd: dir, encoding: 'utf8' }));
      assert.deepEqual(printed, { status: 200, cookie: 'sid', devices: 1, codes: 'ERR_SESSION_OPTIONS' });
    });
  }
});
