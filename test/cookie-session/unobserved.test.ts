import { test, describe, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import type { CookieSession } from '../../src/lifecycle/sealed/session.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { newKey } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const session = (req: express.Request) => (req as unknown as { session: CookieSession }).session;

/** The app of support/unobserved-app.ts in its own process, with Node's default rejection mode. */
async function startApp(): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  delete env.NODE_OPTIONS; // nothing may soften --unhandled-rejections=throw
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/cookie-session/support/unobserved-app.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const match = /listening (\d+)/.exec(log);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${String(code)}) before listening:\n${log}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child, output: () => log };
}

describe('audit M1: no unhandled rejection from req.session methods (cookieSession and the cookie-session drop-in)', () => {
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  after(async () => {
    if (app && app.child.exitCode === null && app.child.signalCode === null) {
      app.child.kill();
      await once(app.child, 'exit');
    }
  });

  test('audit M1: an un-awaited save() that fails (CookieTooLargeError) does not kill the process; the next request is served', async () => {
    app = await startApp();
    const get = async (path: string) => {
      try {
        const res = await fetch(app!.url + path);
        return { status: res.status, text: await res.text(), cookie: res.headers.get('set-cookie') };
      } catch (error) {
        throw new Error(`GET ${path} failed (${String(error)}); the app printed:\n${app!.output()}`);
      }
    };
    assert.deepEqual(await get('/listened/big'), { status: 200, text: 'went on', cookie: null });
    assert.equal((await get('/alive')).text, 'alive');
    assert.equal((await get('/listened/async-big')).text, 'went on');
    assert.equal((await get('/listened/late')).text, 'sent');
    assert.deepEqual(await get('/listened/awaited'), { status: 413, text: 'ERR_SESSION_COOKIE_TOO_LARGE', cookie: null });
    assert.equal((await get('/unlistened/big')).text, 'went on');
    assert.equal((await get('/compat')).text, 'went on');
    assert.equal((await get('/alive')).text, 'alive');
    assert.equal(app.child.exitCode, null, app.output());
    // One `error` event per failure, the awaited one included (it also went to its caller).
    assert.deepEqual(JSON.parse((await get('/errors')).text), [
      'ERR_SESSION_COOKIE_TOO_LARGE',
      'ERR_SESSION_COOKIE_TOO_LARGE',
      'ERR_SESSION_HEADERS_SENT',
      'ERR_SESSION_COOKIE_TOO_LARGE',
    ]);
    // Without an `error` listener the failure is a process warning, not silence.
    assert.equal(app.output().match(/SatchelWarning: cookieSession: the session cookie would be/g)?.length, 1, app.output());
  });
});

describe('audit M1: session()\'s rule: every failure is an error event, and whoever observes the promise gets it too', () => {
  function appWith(route: (req: express.Request, res: express.Response) => unknown) {
    const mw = cookieSession({ keys: [newKey()] });
    const events: string[] = [];
    mw.on('error', ({ error }) => events.push((error as { code?: string }).code ?? error.name));
    const a = express().use(mw);
    a.get('/', (req, res, next) => {
      session(req).blob = 'x'.repeat(5000);
      Promise.resolve(route(req, res)).catch(next);
    });
    a.use((err: Error & { code?: string }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      if (!res.headersSent) res.status(500).send(err.code);
    });
    return { app: a, events };
  }
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  test('audit M1: await, .catch, .then(_, onRejected), .finally and a callback each receive CookieTooLargeError, and so does the error event', async () => {
    const unhandled = collectUnhandledRejections();
    const observers: Array<(req: express.Request, res: express.Response) => unknown> = [
      async (req, res) => res.send(await session(req).save().then(() => 'saved', (e: { code: string }) => e.code)),
      (req, res) => session(req).save().catch((e: { code: string }) => res.send(e.code)),
      (req, res) => session(req).save().then(undefined, (e: { code: string }) => res.send(e.code)),
      (req, res) => session(req).save().finally(() => undefined).catch((e: { code: string }) => res.send(e.code)),
      (req, res) => session(req).save((e) => res.send((e as { code: string }).code)),
    ];
    for (const route of observers) {
      const { app, events } = appWith(route);
      const res = await request(app).get('/');
      assert.equal(res.text, 'ERR_SESSION_COOKIE_TOO_LARGE', route.toString());
      await nextTurn();
      assert.deepEqual(events, ['ERR_SESSION_COOKIE_TOO_LARGE'], route.toString());
    }
    assert.deepEqual(unhandled, []);
  });

  test('audit M1: a promise nobody observes is reported once, as an error event, and the response goes out', async () => {
    const { app, events } = appWith((req, res) => {
      session(req).save();
      res.send('went on');
    });
    const res = await request(app).get('/');
    assert.equal(res.text, 'went on');
    await nextTurn();
    assert.deepEqual(events, ['ERR_SESSION_COOKIE_TOO_LARGE']);
  });

  test('audit M1: observed only after the turn, the promise still rejects; the error event came once', async () => {
    let late: Promise<void> | undefined;
    const { app, events } = appWith((req, res) => {
      late = session(req).save();
      res.send('went on');
    });
    await request(app).get('/');
    await nextTurn();
    assert.deepEqual(events, ['ERR_SESSION_COOKIE_TOO_LARGE']);
    await assert.rejects(late!, { code: 'ERR_SESSION_COOKIE_TOO_LARGE' });
  });
});
