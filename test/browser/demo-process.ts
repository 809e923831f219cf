import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The demo (`npm start`) running as a child process. */
export interface DemoProcess {
  readonly url: string;
  /** Kills the process with SIGKILL, no graceful shutdown, and waits for it to be gone. */
  kill(): Promise<void>;
  /** What the process printed, for failure messages. */
  output(): string;
}

/** A port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `node --import tsx demo/server.ts` exactly as `npm start` does, on `port` with its data in
 * `dataDir`, and resolves once it listens. Secrets and store come from the data dir, never from
 * the test's environment.
 */
export async function startDemo(port: number, dataDir: string): Promise<DemoProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), SATCHEL_DATA_DIR: dataDir };
  for (const name of ['SATCHEL_STORE', 'SATCHEL_SECRET', 'SATCHEL_KEYS', 'SATCHEL_IDLE_MS', 'SATCHEL_ABSOLUTE_MS']) delete env[name];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'demo/server.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = once(child, 'exit');
  await new Promise<void>((resolve, reject) => {
    const check = () => {
      if (log.includes('listening on')) {
        child.stdout!.off('data', check);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    exited.then(([code]) => reject(new Error(`the demo exited (code ${String(code)}) before listening:\n${log}`)));
  });
  return {
    url: `http://localhost:${port}`,
    output: () => log,
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
