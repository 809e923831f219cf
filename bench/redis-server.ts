/**
 * A private redis-server for the run: its `INFO commandstats` counts only the bench's own
 * commands (the shared Redis on 6379 serves other people's tests at the same time).
 * Falls back to REDIS_URL when no redis-server binary is installed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

/** The Redis the bench uses, and a way to read its command counters. */
export interface BenchRedis {
  url: string;
  /** `true` when this is the private instance (exact counts). */
  private: boolean;
  /** Calls per command since the instance started (lower-case names, `info` excluded). */
  commandCalls(): Promise<Record<string, number>>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// A fresh redis-server needs a moment before it accepts; node-redis would retry forever instead.
async function waitForPort(url: URL): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(url.port || 6379), url.hostname);
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
      socket.setTimeout(500, () => done(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`Redis at ${url.host} does not accept connections`);
}

/** Parses `cmdstat_get:calls=12,usec=…` lines. */
export function parseCommandStats(info: string): Record<string, number> {
  const calls: Record<string, number> = {};
  for (const match of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    const name = match[1] as string;
    if (name !== 'info') calls[name] = Number(match[2]);
  }
  return calls;
}

/** Starts a private redis-server (no persistence), or uses `fallbackUrl`. */
export async function startBenchRedis(fallbackUrl: string): Promise<BenchRedis> {
  let child: ChildProcess | undefined;
  let url = fallbackUrl;
  try {
    const port = await freePort();
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await new Promise<void>((resolve, reject) => {
      child!.once('spawn', resolve);
      child!.once('error', reject);
    });
    url = `redis://127.0.0.1:${port}`;
  } catch {
    child = undefined;
  }
  await waitForPort(new URL(url));
  const client = createClient({ url });
  await client.connect();
  return {
    url,
    private: child !== undefined,
    commandCalls: async () => parseCommandStats(await client.info('commandstats')),
    async stop() {
      await client.quit();
      child?.kill('SIGTERM');
    },
  };
}
