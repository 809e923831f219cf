import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { MongoClient, type Db } from 'mongodb';
import type { SessionStoreError } from '../../src/errors.js';
import { MongoStore } from '../../src/stores/mongodb.js';
import { runStoreSuite } from '../../src/testing/index.js';
import type { SessionStore } from '../../src/types.js';
import { MONGODB_URL, uniqueName } from '../support/servers.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

// Opt-in: there is no MongoDB server on the build machines (docs/mongodb-testing.md). Without
// MONGODB_URL this file says so loudly and runs no store case at all: it never passes silently
// in place of the suite.
if (MONGODB_URL === undefined) {
  console.log('MongoDB store NOT exercised against a server: MONGODB_URL is not set (see docs/mongodb-testing.md)');
  test('MongoDB integration: not run — MONGODB_URL unset (see docs/mongodb-testing.md)', () => {
    assert.equal(process.env.MONGODB_URL, undefined);
  });
} else {
  await integration(MONGODB_URL);
}

/** The same server through `port` on loopback: single-host `mongodb://` URLs only (no SRV, no replica-set seed list). */
function viaProxy(url: string, port: number): string | undefined {
  if (!url.startsWith('mongodb://') || url.slice('mongodb://'.length).split('/')[0]!.includes(',')) return undefined;
  const parsed = new URL(url);
  parsed.host = `127.0.0.1:${port}`;
  parsed.searchParams.set('directConnection', 'true');
  parsed.searchParams.set('serverSelectionTimeoutMS', '1000');
  parsed.searchParams.set('heartbeatFrequencyMS', '500');
  return parsed.toString();
}

async function integration(url: string): Promise<void> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
  const db = client.db(); // the URL's database, `test` when it names none
  const collections = new WeakMap<SessionStore, string>();
  const backgroundErrors: SessionStoreError[] = [];

  // Each case gets its own collection with its indexes in place, dropped when the case ends.
  async function storeOn(target: Db, now: () => number, operationTimeout?: number): Promise<MongoStore> {
    const name = uniqueName('satchel_sessions');
    const store = new MongoStore({ collection: target.collection(name) }, { now, operationTimeout, onError: (error) => backgroundErrors.push(error) });
    collections.set(store, name);
    await store.ensureIndexes();
    return store;
  }
  const cleanup = async (store: SessionStore) => {
    await db.collection(collections.get(store)!).drop();
  };

  const info = await db
    .admin()
    .serverInfo()
    .catch((error: unknown) => {
      throw new Error(`MONGODB_URL is set but no MongoDB answers there: ${String(error)}`, { cause: error });
    });
  const version = String(info.version);
  console.log(`MongoDB store exercised against MongoDB ${version} (database ${db.databaseName})`);

  runStoreSuite(test, ({ now }) => storeOn(db, now), { name: `mongodb ${version}`, cleanup });

  test('the TTL index on expiresAt and the userId index exist on the server', async () => {
    const store = await storeOn(db, Date.now);
    try {
      const indexes = await db.collection(collections.get(store)!).listIndexes().toArray();
      const ttl = indexes.find((index) => index.name === 'expiresAt_1');
      assert.deepEqual(ttl?.key, { expiresAt: 1 });
      assert.equal(ttl?.expireAfterSeconds, 0);
      assert.deepEqual(indexes.find((index) => index.name === 'userId_1')?.key, { userId: 1 });
    } finally {
      await store.close();
      await cleanup(store);
    }
  });

  // The outage case runs on a client that reaches the server through a proxy the test cuts for real.
  let proxy: TcpProxy | undefined;
  let proxied: MongoClient | undefined;
  if (viaProxy(url, 1) !== undefined) {
    const host = new URL(url);
    proxy = await startTcpProxy({ host: host.hostname, port: Number(host.port || 27017) });
    proxied = new MongoClient(viaProxy(url, proxy.port)!);
    const proxiedDb = proxied.db(db.databaseName);
    const outageOnly = (name: string, fn: () => Promise<void>) => (name.includes('outage') ? test(name, fn) : undefined);
    runStoreSuite(outageOnly, ({ now }) => storeOn(proxiedDb, now, 1500), {
      name: 'mongodb via proxy',
      cleanup,
      faults: { cut: () => proxy!.cut(), restore: () => proxy!.restore() },
    });
  } else {
    console.log('MongoDB outage case NOT run: it needs a single-host mongodb:// URL to put a TCP proxy in front of');
  }

  test('no background failure (index creation) was reported while the suite ran', () => {
    assert.deepEqual(backgroundErrors.map((error) => error.message), []);
  });

  after(async () => {
    await proxied?.close();
    await proxy?.close();
    await client.close();
  });
}
