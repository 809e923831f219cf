/**
 * Per-tenant encryption at rest against a real SQLite database file (TEN-07): a record written
 * under tenant A's `encryption.keys` holds no readable trace of its data, opens with A's keys,
 * and never with tenant B's, whether B reads it through the middleware (a cookie replayed under
 * B, the signing secret shared on purpose so only the keys differ) or straight from the file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createAtRestCipher } from '../../src/crypto/at-rest.js';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { SessionStoreError } from '../../src/errors.js';
import { sealedAtRest } from '../../src/lifecycle/stored/at-rest-store.js';
import { SqliteStore } from '../../src/stores/sqlite.js';
import { Client } from '../edges/client.js';
import type { EdgeServer } from '../edges/contract.js';
import { expressHarness } from '../edges/harness/express.js';

const SECRET = 'one-secret-shared-by-both-tenants-0123456789';
const KEYS: Record<string, string> = { acme: generateSealKey(), globex: generateSealKey() };
const MARKER = 'acme-private-marker-7f3a';

describe('per-tenant encryption at rest (SQLite file)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-tenants-'));
  const file = join(dir, 'sessions.db');
  let db: Database.Database;
  let store: SqliteStore;
  let server: EdgeServer;

  before(async () => {
    db = new Database(file);
    store = new SqliteStore({ db, pruneInterval: 0 });
    server = await expressHarness.start('stored', {
      secret: SECRET,
      store,
      encryption: { keys: (tenant: string) => [KEYS[tenant]!] },
      tenant: (req: { headers: Record<string, string | undefined> }) => req.headers['x-tenant'] ?? '',
    });
  });
  after(async () => {
    await server.close();
    await store.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("TEN-07: tenant A's record is sealed in the file, opens with A's keys and never with B's", async () => {
    const acme = new Client(server.url);
    assert.equal((await acme.post(`/set?k=marker&v=${MARKER}`, { headers: { 'x-tenant': 'acme' } })).status, 200);
    assert.deepEqual((await acme.get('/read', { headers: { 'x-tenant': 'acme' } })).json().data, { marker: MARKER });

    // Through the middleware: the cookie verifies for B (same secret), the record does not open.
    const replayed = await new Client(server.url).get('/read', { headers: { 'x-tenant': 'globex' }, cookie: acme.cookieHeader() });
    assert.equal(replayed.status, 500);
    assert.deepEqual(replayed.json(), { code: 'ERR_SESSION_STORE' });

    // Straight from the file, through a second connection.
    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT * FROM satchel_sessions').all() as Array<{ key: string }>;
    raw.close();
    assert.equal(rows.length, 1);
    assert.ok(!JSON.stringify(rows).includes(MARKER), 'no plaintext in the file');
    const key = rows[0]!.key;
    const asAcme = sealedAtRest(store, createAtRestCipher([KEYS.acme!]), { write: true });
    const asGlobex = sealedAtRest(store, createAtRestCipher([KEYS.globex!]), { write: true });
    assert.equal((await asAcme.get(key))?.data.marker, MARKER);
    await assert.rejects(asGlobex.get(key), (error: unknown) => error instanceof SessionStoreError && error.code === 'ERR_SESSION_STORE');
  });
});
