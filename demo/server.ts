/**
 * `npm start`: the satchel demo on http://localhost:3000 (PORT), SQLite-backed by default.
 * Environment: PORT, SATCHEL_STORE, SATCHEL_DATA_DIR, SATCHEL_SECRET, SATCHEL_KEYS,
 * SATCHEL_IDLE_MS, SATCHEL_ABSOLUTE_MS — see README.md.
 */
import type { AddressInfo } from 'node:net';
import { createDemoApp } from './app.js';
import { readConfig } from './config.js';
import { loadSecrets } from './secrets.js';
import { openStore } from './stores.js';

const config = readConfig();
const { secrets, keys, source } = loadSecrets(config.dataDir);
const { store, label, close } = await openStore(config.store, config.dataDir);
const app = createDemoApp({ store, storeLabel: label, secrets, keys, timeouts: config.timeouts });

const server = app.listen(config.port, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`satchel demo listening on http://localhost:${port}`);
  console.log(`  store:   ${label}`);
  console.log(`  secrets: ${source}`);
});

let stopping = false;
function stop(signal: string): void {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing`);
  server.close(() => void close().finally(() => process.exit(0)));
  // Keep-alive browser connections would hold close() open; the store's writes are already done.
  server.closeIdleConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
