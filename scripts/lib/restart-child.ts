/**
 * The app process the restart run kills with SIGKILL: one satchel app per store, each on its own
 * port, over a table / prefix / file that survives the process. Prints `ready <kind> <port>`
 * per app, then `ready`.
 *   node --import tsx scripts/lib/restart-child.ts <kind>=<name>=<port> ...
 */
import type { RequestHandler } from 'express';
import { session } from '../../src/index.js';
import { buildApp, listen, type RunningServer } from './app.js';
import { openBackend, type Backend, type BackendKind } from './backends.js';
import { SECRET } from './targets.js';

const running: Array<{ server: RunningServer; backend: Backend }> = [];
for (const spec of process.argv.slice(2)) {
  const [kind, name, port] = spec.split('=') as [BackendKind, string, string];
  const backend = await openBackend(kind, kind === 'sqlite' ? { file: name, keep: true } : { name, keep: true });
  const middleware = session({ secret: SECRET, store: backend.store });
  const server = await listen(buildApp(middleware as unknown as RequestHandler), Number(port));
  running.push({ server, backend });
  process.stdout.write(`ready ${kind} ${server.port}\n`);
}
process.stdout.write('ready\n');
// Never outlive the run that started it (a parent killed mid-run would leave the ports taken).
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
process.on('SIGTERM', () => {
  void Promise.all(running.map(async ({ server, backend }) => {
    await server.close();
    await backend.close();
  })).then(() => process.exit(0));
});
