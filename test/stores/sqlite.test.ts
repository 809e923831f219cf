import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/stores/sqlite.js';
import type { SessionStore } from '../../src/types.js';
import { runStoreSuite } from '../../src/testing/index.js';
import { uniqueName } from '../support/servers.js';

describe('SqliteStore conformance, :memory:', () => {
  const dbs = new WeakMap<SessionStore, Database.Database>();
  runStoreSuite(
    test,
    ({ now }) => {
      const db = new Database(':memory:');
      const store = new SqliteStore({ db, now });
      dbs.set(store, db);
      return store;
    },
    { name: 'sqlite :memory:', expiredReadable: true, syncRead: true, cleanup: async (store) => void dbs.get(store)?.close() },
  );
});

describe('SqliteStore conformance, file-backed (WAL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-sqlite-'));
  const db = new Database(join(dir, 'sessions.db'));
  const tables = new WeakMap<SessionStore, string>();
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // One shared file, a fresh table per case.
  runStoreSuite(
    test,
    ({ now }) => {
      const table = uniqueName('s');
      const store = new SqliteStore({ db, table, now });
      tables.set(store, table);
      return store;
    },
    { name: 'sqlite file', expiredReadable: true, syncRead: true, cleanup: async (store) => void db.exec(`DROP TABLE IF EXISTS "${tables.get(store)}"`) },
  );
});
