/** Starting the two pinned children: the server (core 0) and autocannon (core 1). */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadResult, ServerMessage } from './protocol.js';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

const live = new Set<ChildProcess>();
function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Kills every child still running (the runner calls it when interrupted). */
export function killChildren(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** CPU pinning as the method in bench/README.md: server and load generator each on their own core. */
export const CORES = { server: '0', load: '1' } as const;

/** A running server child. */
export interface ServerChild {
  /** Resolves with the first message: ready, unavailable or error. */
  first: Promise<ServerMessage>;
  /** Sends a message and waits for the next reply. */
  ask(message: { type: 'snapshot' | 'close' }): Promise<ServerMessage>;
  /** What the server wrote to stderr (shown when a cell fails). */
  stderr(): string;
  kill(): void;
}

/** Starts bench/server.ts for `variantId`, NODE_ENV=production, --expose-gc, pinned to core 0. */
export function startServer(variantId: string, context: object): ServerChild {
  const child: ChildProcess = track(spawn(
    'taskset',
    ['-c', CORES.server, process.execPath, '--expose-gc', '--import', 'tsx', here('./server.ts'), variantId],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, NODE_ENV: 'production', BENCH_CONTEXT: JSON.stringify(context) } },
  ));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const next = () =>
    new Promise<ServerMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server exited (${code}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`));
      child.once('exit', onExit);
      child.once('message', (message: ServerMessage) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  return {
    first: next(),
    ask(message) {
      const reply = next();
      child.send(message);
      return reply;
    },
    stderr: () => stderr,
    kill: () => void child.kill('SIGKILL'),
  };
}

/** Runs autocannon in its own process pinned to core 1. */
export function runLoad(args: { url: string; connections: number; seconds: number; headers: Record<string, string> }): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('taskset', ['-c', CORES.load, process.execPath, '--import', 'tsx', here('./load.ts'), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    track(child);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as LoadResult);
      } catch {
        reject(new Error(`autocannon failed (${code}): ${err.trim().slice(-500)}`));
      }
    });
  });
}
