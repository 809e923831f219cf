import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { setTimeout as pause } from 'node:timers/promises';

const FIXTURE = fileURLToPath(new URL('./fixtures/unawaited-app.ts', import.meta.url));

// The whole point is the process: Node ends it on an unhandled rejection, so the app runs in a
// child and the test checks that it is still alive and serving after each un-awaited failure.
describe('audit M1: an un-awaited session method that fails never ends the process (session(), real Redis)', () => {
  let child: ChildProcess;
  let base = '';
  let output = '';
  let exitCode: number | null = null;

  before(async () => {
    child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } });
    child.on('exit', (code) => (exitCode = code));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    base = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`app did not start: ${output}`)), 20_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /listening (\d+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${match[1]}`);
        }
      });
    });
  });
  after(() => {
    child?.kill('SIGKILL');
  });

  async function alive(): Promise<void> {
    const res = await fetch(`${base}/ping`);
    assert.equal(await res.text(), 'pong');
    assert.equal(exitCode, null, `the app exited: ${output}`);
  }

  async function login(): Promise<string> {
    const res = await fetch(`${base}/login`, { method: 'POST' });
    assert.equal(res.status, 200);
    return res.headers.getSetCookie()[0]!.split(';')[0]!;
  }

  test('a save() left running when a concurrent logout ends the session: the process survives, the app hears an error event', async () => {
    const cookie = await login();
    const slow = fetch(`${base}/slow-save`, { headers: { cookie } });
    await pause(30);
    const out = await fetch(`${base}/logout`, { method: 'POST', headers: { cookie } });
    assert.equal(out.status, 200);
    await slow; // its own response may fail with the conflict; the process must not
    await pause(100);
    await alive();
    const errors = (await (await fetch(`${base}/errors`)).json()) as string[];
    assert.ok(errors.includes('ERR_SESSION_CONFLICT'), `error events: ${errors.join(', ')}`);
  });

  test('req.session.destroy(); res.redirect() with Redis cut: the cookie is cleared on that response, the process survives', async () => {
    const cookie = await login();
    const res = await fetch(`${base}/destroy?cut=1`, { headers: { cookie }, redirect: 'manual' });
    assert.equal(res.status, 302);
    const cleared = res.headers.getSetCookie().find((line) => line.startsWith('sid='));
    assert.ok(cleared, 'a Set-Cookie for the session cookie');
    assert.match(cleared!, /^sid=;/);
    assert.match(cleared!, /Expires=Thu, 01 Jan 1970|Max-Age=0/);
    // Past the store deadline and the client's own give-up, the process is still there.
    await pause(800);
    await fetch(`${base}/restore`);
    await alive();
    const errors = (await (await fetch(`${base}/errors`)).json()) as string[];
    assert.ok(errors.some((code) => code.startsWith('ERR_SESSION_STORE')), `a failed destroy is an error event: ${errors.join(', ')}`);
  });
});
