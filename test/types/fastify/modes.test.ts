/**
 * `request.session` types of satchel/fastify per declared FastifySessionMode: each fixture is its
 * own program (a mode declaration is global to one), written to a temporary folder and compiled
 * by tsc with a full lib check; its `@ts-expect-error` lines are the negative checks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

const ROOT = new URL('../../..', import.meta.url).pathname.replace(/\/$/, '');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const ENTRY = `${ROOT}/src/fastify.js`;
const work = mkdtempSync(join(tmpdir(), 'satchel-fastify-types-'));
after(() => rmSync(work, { recursive: true, force: true }));

function compile(name: string, source: string): { status: number | null; output: string } {
  const dir = join(work, name);
  spawnSync('mkdir', ['-p', dir]);
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: 'module' }));
  const compilerOptions = { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['app.ts'] }));
  writeFileSync(join(dir, 'app.ts'), source);
  const result = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

const FIXTURES: Record<string, { what: string; source: string }> = {
  store: {
    what: 'default: session() fields without annotations, login() and the management API typed, no sessionOptions',
    source: `
import Fastify from 'fastify';
import { session, type FastifySessionPlugin } from '${ENTRY}';

declare module '${ENTRY}' {
  interface SessionData { cart: string[] }
}

const plugin: FastifySessionPlugin = session({ secret: 'a-long-enough-secret-for-the-type-test-only-0123456789' });
const app = Fastify();
await app.register(plugin);
app.post('/login', async (request, reply) => {
  await request.session.login('u1');
  await request.session.regenerate({ keep: ['cart'] });
  await request.session.save();
  const ended: number = await request.session.destroyOtherSessions();
  const id: string = request.session.id;
  const cart: string[] | undefined = request.session.cart;
  request.session.cart = ['apple'];
  // @ts-expect-error cart is a string[]
  request.session.cart = 42;
  // @ts-expect-error sessionOptions is cookieSession()'s
  void request.sessionOptions;
  request.session = null;
  return reply.redirect('/' + id + String(ended) + String(cart));
});
const count: number = (await plugin.listUserSessions('u1')).length + (await plugin.destroyUserSessions('u1'));
plugin.on('created', () => {}).on('error', ({ error }) => void error.message);
// @ts-expect-error no such event
plugin.on('no-such-event', () => {});
void count;
`,
  },
  cookie: {
    what: "mode 'cookie': CookieSession, sessionOptions typed, no login()",
    source: `
import Fastify from 'fastify';
import { cookieSession, type CookieSession } from '${ENTRY}';

declare module '${ENTRY}' {
  interface FastifySessionMode { mode: 'cookie' }
  interface SessionData { userId: string }
}

const app = Fastify();
await app.register(cookieSession({ keys: ['Zq3v9Xk2LmP7tR1wYb8NcD4hJ6sF0gQe5uVaTiOyWxE'] }).on('created', () => {}));
app.post('/login', async (request) => {
  const userId: string | undefined = request.session.userId;
  await request.session.regenerate();
  request.session.userId = 'u1';
  // @ts-expect-error userId is a string
  request.session.userId = 42;
  const whole: CookieSession = request.session;
  // @ts-expect-error login() is session()'s
  await request.session.login('u1');
  request.sessionOptions.sameSite = 'strict';
  // @ts-expect-error sameSite takes lax, strict or none
  request.sessionOptions.sameSite = 'sometimes';
  request.session = { userId: 'u2' };
  // @ts-expect-error only null or an object may be assigned
  request.session = 'u2';
  request.session = null;
  return { userId, whole: typeof whole };
});
`,
  },
  none: {
    what: "mode 'none': satchel declares nothing on FastifyRequest",
    source: `
import Fastify from 'fastify';
import { session } from '${ENTRY}';

declare module '${ENTRY}' {
  interface FastifySessionMode { mode: 'none' }
}

const app = Fastify();
await app.register(session({ secret: 'a-long-enough-secret-for-the-type-test-only-0123456789' }));
app.get('/', async (request) => {
  // @ts-expect-error no session field declared
  return request.session;
});
`,
  },
  typo: {
    what: 'an unknown mode: request.session is a string type naming the valid modes',
    source: `
import Fastify from 'fastify';
import '${ENTRY}';
declare module '${ENTRY}' {
  interface FastifySessionMode { mode: 'cookies' }
}
const app = Fastify();
app.get('/', async (request) => {
  const hint: "satchel/fastify: FastifySessionMode's mode must be 'session', 'cookie' or 'none'" = request.session;
  // @ts-expect-error not a session
  await request.session.login('u1');
  return hint;
});
`,
  },
};

describe('request.session types on Fastify per declared FastifySessionMode (tsc on fixture programs)', () => {
  for (const [name, { what, source }] of Object.entries(FIXTURES)) {
    test(`${name}: ${what}`, () => {
      const { status, output } = compile(name, source);
      assert.equal(status, 0, output);
    });
  }

  test('a wrong use fails to compile (the fixtures are checked for real)', () => {
    const { status, output } = compile('negative', `
import Fastify from 'fastify';
import '${ENTRY}';
Fastify().get('/', async (request) => {
  const id: number = request.session.id;
  return id;
});
`);
    assert.notEqual(status, 0);
    assert.match(output, /TS2322: Type 'string' is not assignable to type 'number'/);
  });
});
