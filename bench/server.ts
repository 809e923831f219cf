/**
 * The server child: builds one variant, serves the bench app on 127.0.0.1, and answers the
 * runner's snapshot requests over IPC. Started by cell.ts pinned to core 0 with --expose-gc.
 * Messages in: `snapshot`, `close`. Messages out: `ready`, `unavailable`, `error`, `snapshot`, `closed`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { benchListener, buildBenchApp, logErrors, type RequestCounter } from './app.js';
import { findVariant } from './variants/index.js';
import { NotBuiltError, type ExpressInstance, type VariantContext, type VariantInstance } from './variants/types.js';
import type { ServerMessage, ServerSnapshot } from './protocol.js';
import { gcReported, gcTotals, watchGc } from './gc-totals.js';

const send = (message: ServerMessage) => process.send?.(message);

async function snapshot(instance: VariantInstance, counter: { count: number }): Promise<ServerSnapshot> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('server must run with --expose-gc');
  const requests = counter.count;
  const cpuBefore = process.cpuUsage();
  await gcReported();
  const gcBefore = gcTotals();
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  const cpuAfter = process.cpuUsage();
  await gcReported();
  const gcAfter = gcTotals();
  return {
    requests,
    cpuBeforeGc: cpuBefore.user + cpuBefore.system,
    cpuAfterGc: cpuAfter.user + cpuAfter.system,
    heapUsed: process.memoryUsage().heapUsed,
    stored: instance.storedCount ? await instance.storedCount() : null,
    roundTrips: instance.roundTrips ? instance.roundTrips() : null,
    gcBefore,
    gcAfter,
  };
}

/** An Express row's app, with an error handler that logs the first failure (the framework rows log theirs). */
function expressApp(instance: ExpressInstance, counter: RequestCounter) {
  const app = buildBenchApp(instance, counter);
  app.use(logErrors);
  return app;
}

async function main(): Promise<void> {
  watchGc();
  const variant = findVariant(process.argv[2] ?? '');
  const context = JSON.parse(process.env.BENCH_CONTEXT ?? '{}') as VariantContext;
  let instance: VariantInstance;
  try {
    instance = await variant.create(context);
  } catch (error) {
    if (error instanceof NotBuiltError) send({ type: 'unavailable', reason: error.message });
    else send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.disconnect?.();
    return;
  }
  const counter = { count: 0 };
  const server = createServer('listener' in instance ? benchListener(instance, counter) : expressApp(instance, counter));
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as AddressInfo).port }));

  process.on('message', (message: { type: string }) => {
    if (message.type === 'snapshot') {
      snapshot(instance, counter).then(
        (data) => send({ type: 'snapshot', data }),
        (error: unknown) => send({ type: 'error', message: String(error) }),
      );
    } else if (message.type === 'close') {
      server.closeAllConnections();
      server.close();
      instance.close().then(
        () => send({ type: 'closed' }),
        (error: unknown) => send({ type: 'error', message: `cleanup failed: ${String(error)}` }),
      ).finally(() => process.disconnect?.());
    }
  });
}

void main();
