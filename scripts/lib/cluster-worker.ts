/**
 * One `node:cluster` worker of the many-processes run: satchel over each shared store given on
 * the command line, each on a port of its own, answering with `x-worker: <id>`. Tells the
 * primary `{ kind, port }` per app, then `{ ready: true }`.
 *   (forked by scripts/lib/multiprocess.ts) <kind>=<name> ...
 */
import cluster from 'node:cluster';
import type { RequestHandler } from 'express';
import { session } from '../../src/index.js';
import { buildApp, listen, type RunningServer } from './app.js';
import { openBackend, type Backend, type BackendKind } from './backends.js';
import { SECRET } from './targets.js';

const worker = String(cluster.worker?.id ?? process.pid);
const running: Array<{ server: RunningServer; backend: Backend }> = [];
for (const spec of process.argv.slice(2)) {
  const [kind, name] = spec.split('=') as [BackendKind, string];
  const backend = await openBackend(kind, { name, keep: true, operationTimeout: 30_000 });
  const middleware = session({ secret: SECRET, store: backend.store, operationTimeout: 30_000 });
  const server = await listen(buildApp(middleware as unknown as RequestHandler, { worker }), 0, true);
  running.push({ server, backend });
  process.send!({ kind, port: server.port });
}
process.send!({ ready: true });
process.on('message', (message: unknown) => {
  if ((message as { stop?: boolean }).stop !== true) return;
  void Promise.all(running.map(async ({ server, backend }) => {
    await server.close();
    await backend.close();
  })).then(() => process.exit(0));
});
