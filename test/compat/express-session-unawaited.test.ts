import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { eventually } from '../support/eventually.js';

// audit M1 (drop-in part): req.session's methods return the session, never a promise, and an
// un-awaited call whose store fails must not crash the process. The app runs in a child process
// (a crash there is the failure being tested) with Redis really cut by a TCP proxy.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const APP = fileURLToPath(new URL('./support/unawaited-app.ts', import.meta.url));

interface Child {
  url: string;
  process: ChildProcess;
  output(): string;
}

async function startApp(kind: string): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', APP, kind], { cwd: ROOT, env: { ...process.env, NODE_ENV: 'test' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the app exited (${code}) before listening:\n${output}`)));
  });
  return { url: `http://127.0.0.1:${port}`, process: child, output: () => output };
}

async function fetchText(url: string, cookie?: string): Promise<{ status: number; text: string; cookie?: string }> {
  const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const setCookie = res.headers.get('set-cookie')?.split(';')[0];
  return { status: res.status, text: await res.text(), ...(setCookie ? { cookie: setCookie } : {}) };
}

async function scenario(kind: string, path: '/logout' | '/save'): Promise<void> {
  const app = await startApp(kind);
  try {
    const login = await fetchText(`${app.url}/login`);
    assert.equal(login.text, 'in');
    const cookie = login.cookie!;
    const fired = await fetchText(`${app.url}${path}`, cookie);
    assert.equal(fired.status, 302, app.output());
    // Long enough for the failed store command to settle (node-redis rejects it when the socket drops).
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(app.process.exitCode, null, `the process died after an un-awaited ${path}:\n${app.output()}`);
    // Served with the store still down: no cookie, so nothing to load or save.
    assert.equal((await fetchText(`${app.url}/`)).text, 'anonymous');
    assert.equal((await fetchText(`${app.url}/restore`)).text, 'restored');
    // The store came back and the process still serves sessions (the failed destroy left the login in place).
    await eventually(async () => assert.equal((await fetchText(`${app.url}/`, cookie)).text, 'ada'));
    assert.equal(app.process.exitCode, null, app.output());
    assert.doesNotMatch(app.output(), /unhandled|Uncaught/i);
  } finally {
    app.process.kill('SIGKILL');
    if (app.process.exitCode === null && app.process.signalCode === null) await once(app.process, 'exit');
  }
}

describe('audit M1: un-awaited req.session calls on a failing store do not crash the process (drop-in)', () => {
  test('audit M1: connect-redis, Redis cut: `req.session.destroy(); res.redirect("/")` leaves no unhandled rejection', async () => {
    await scenario('connect-redis', '/logout');
  });

  test('audit M1: connect-redis, Redis cut: an un-awaited `req.session.save()` leaves no unhandled rejection', async () => {
    await scenario('connect-redis', '/save');
  });

  test('audit M1: satchel RedisStore, Redis cut: un-awaited destroy() and save() are survived', async () => {
    await scenario('satchel-redis', '/logout');
    await scenario('satchel-redis', '/save');
  });
});
