/**
 * Starts test/runtimes/fixture/hono-server.mjs under Bun or Deno as a child process and answers
 * its URL once it listens. The runtimes are the devDependencies' binaries (node_modules/.bin).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = new URL('../..', import.meta.url).pathname;
const FIXTURE = join(ROOT, 'test/runtimes/fixture/hono-server.mjs');

export type Runtime = 'bun' | 'deno';

export interface RuntimeServer {
  url: string;
  /** What the child printed on stderr (for failure messages). */
  stderr(): string;
  close(): Promise<void>;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The built `dist/hono.js`, rebuilt only when missing or older than src/ (`npm test` builds
 * first, so a full run never rebuilds here: tsup's clean would pull dist/ from under other tests).
 */
export function builtHono(): string {
  const built = join(ROOT, 'dist/hono.js');
  const stale = () => !existsSync(built) || statSync(built).mtimeMs < newestSource(join(ROOT, 'src'));
  if (!stale()) return built;
  // Test files run two at a time: one builds, the other waits for it (two tsup runs would clean each other's output).
  const lock = join(tmpdir(), `satchel-dist-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock left by a killed run: a build never takes 5 minutes.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs;
      if (since !== undefined && Date.now() - since > 300_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    if (stale()) {
      const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`npm run build failed:\n${result.stdout}\n${result.stderr}`);
    }
  } finally {
    rmdirSync(lock);
  }
  return built;
}

/**
 * Bun runs satchel's TypeScript sources (it maps the `.js` specifiers to `.ts`); Deno runs the
 * built package, resolving `hono` and `cookie` from node_modules without any network.
 */
export function startRuntime(runtime: Runtime, mode: 'stored' | 'sealed', secret: string, redis?: { url: string; prefix: string }): Promise<RuntimeServer> {
  const module = (source: string, built: string) => pathToFileURL(runtime === 'bun' ? join(ROOT, source) : join(builtHono(), '..', built)).href;
  const fixtureArgs = [FIXTURE, module('src/hono.ts', 'hono.js'), mode, secret];
  if (redis) fixtureArgs.push(module('src/stores/redis.ts', 'redis.js'), redis.url, redis.prefix);
  const binary = join(ROOT, 'node_modules/.bin', runtime);
  const args = runtime === 'bun' ? fixtureArgs : ['run', '-A', '--node-modules-dir=manual', '--no-prompt', ...fixtureArgs];
  const child: ChildProcess = spawn(binary, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let stdout = '';
    const failed = (why: string) => reject(new Error(`${runtime} fixture ${why}\nstdout: ${stdout}\nstderr: ${stderr}`));
    child.once('error', (error) => failed(`did not start: ${error.message}`));
    child.once('exit', (code) => failed(`exited (${code}) before listening`));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const port = /listening (\d+)/.exec(stdout)?.[1];
      if (!port) return;
      resolve({
        url: `http://127.0.0.1:${port}`,
        stderr: () => stderr,
        async close() {
          if (child.exitCode === null && child.signalCode === null) child.kill();
          await exited;
        },
      });
    });
  });
}
