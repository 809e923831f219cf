import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { SqliteStore } from '../../src/stores/sqlite.js';
import type { SessionRecord } from '../../src/types.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const storeModule = join(root, 'src/stores/sqlite.ts');
const dir = mkdtempSync(join(tmpdir(), 'satchel-sqlite-durable-'));
let files = 0;
const newFile = () => join(dir, `s${files++}.db`);

after(() => rmSync(dir, { recursive: true, force: true }));

function record(data: SessionRecord['data'], extra: Partial<SessionRecord> = {}): SessionRecord {
  const now = Date.now();
  return { data, expiresAt: now + 3_600_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null, ...extra };
}

/** Runs an ESM snippet in a fresh Node process (through tsx) with `SqliteStore`, `Database` and `file` in scope. */
async function inChild(file: string, body: string): Promise<string> {
  const source = `
    const { SqliteStore } = await import(${JSON.stringify(storeModule)});
    const { default: Database } = await import('better-sqlite3');
    const file = ${JSON.stringify(file)};
    ${body}`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { cwd: root, timeout: 20_000 });
  return stdout.trim();
}

describe('SqliteStore durability and failure', () => {
  test('survives a process restart: a child process writes, this one reads, and back', async () => {
    const file = newFile();
    const now = Date.now();
    await inChild(
      file,
      `const db = new Database(file);
       const store = new SqliteStore({ db });
       await store.create('from-child', { data: { hello: 'wörld 😀', n: [1, 2] }, expiresAt: ${now} + 3600000, createdAt: ${now}, lastSeenAt: ${now}, userId: 'u1', userAgent: 'child' });
       db.close();`,
    );
    const db = new Database(file);
    const store = new SqliteStore({ db });
    assert.deepEqual(await store.get('from-child'), {
      data: { hello: 'wörld 😀', n: [1, 2] },
      expiresAt: now + 3_600_000,
      createdAt: now,
      lastSeenAt: now,
      userId: 'u1',
      userAgent: 'child',
    });
    await store.update('from-child', { set: { by: 'parent' }, unset: ['n'], expiresAt: now + 7_200_000, lastSeenAt: now + 1 });
    await store.close();
    db.close();
    const seen = await inChild(
      file,
      `const db = new Database(file);
       const store = new SqliteStore({ db });
       console.log(JSON.stringify(await store.get('from-child')));
       db.close();`,
    );
    assert.deepEqual(JSON.parse(seen).data, { hello: 'wörld 😀', by: 'parent' });
  });

  test('two processes patching one session at once lose nothing (IMMEDIATE transactions, busy_timeout)', async () => {
    const file = newFile();
    const db = new Database(file);
    const store = new SqliteStore({ db });
    await store.create('shared', record({}));
    const writer = (name: string) =>
      inChild(
        file,
        `const db = new Database(file);
         const store = new SqliteStore({ db });
         const e = Date.now() + 3600000;
         const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.update('shared', { set: { ['${name}' + i]: i }, unset: [], expiresAt: e, lastSeenAt: Date.now() })));
         console.log(results.every(Boolean));
         db.close();`,
      );
    assert.deepEqual(await Promise.all([writer('a'), writer('b')]), ['true', 'true']);
    const data = (await store.get('shared'))?.data ?? {};
    assert.equal(Object.keys(data).length, 80);
    for (let i = 0; i < 40; i++) assert.deepEqual([data[`a${i}`], data[`b${i}`]], [i, i]);
    await store.close();
    db.close();
  });

  test('a file-backed database runs in WAL mode with busy_timeout, and has the expiry and user indexes', async () => {
    const db = new Database(newFile());
    const store = new SqliteStore({ db, table: 'sess', operationTimeout: 2500 });
    await store.get('warm-up');
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('busy_timeout', { simple: true }), 2500);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sess' ORDER BY name").pluck().all();
    assert.deepEqual(indexes, ['sess_expires_at', 'sess_user_id']);
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT key FROM sess WHERE expires_at <= ? LIMIT 10').all(0) as Array<{ detail: string }>;
    assert.match(plan.map((row) => row.detail).join(' '), /sess_expires_at/);
    await store.close();
    db.close();
  });

  test('schema creation is idempotent: a second store on the same table keeps the data', async () => {
    const db = new Database(newFile());
    const first = new SqliteStore({ db });
    await first.create('k', record({ v: 1 }));
    const second = new SqliteStore({ db });
    assert.deepEqual((await second.get('k'))?.data, { v: 1 });
    await Promise.all([first.close(), second.close()]);
    db.close();
  });

  test('a read-only database: reads work, every write rejects with a typed error carrying the driver error', async () => {
    const file = newFile();
    const writable = new Database(file);
    const setup = new SqliteStore({ db: writable });
    await setup.create('k', record({ v: 1 }, { userId: 'u' }));
    writable.close();

    const db = new Database(file, { readonly: true });
    const store = new SqliteStore({ db });
    assert.deepEqual((await store.get('k'))?.data, { v: 1 });
    const now = Date.now();
    const writes: Array<[string, Promise<unknown>]> = [
      ['create', store.create('k2', record({}))],
      ['update', store.update('k', { set: { v: 2 }, unset: [], expiresAt: now + 60_000, lastSeenAt: now })],
      ['touch', store.touch('k', now + 60_000, now)],
      ['destroy', store.destroy('k')],
      ['destroyByUser', store.destroyByUser('u')],
      ['clear', store.clear()],
      ['prune', store.prune()],
    ];
    for (const [operation, promise] of writes) {
      await assert.rejects(promise, (error: { code?: string; operation?: string; cause?: { code?: string } }) => {
        assert.equal(error.code, 'ERR_SESSION_STORE');
        assert.equal(error.operation, operation);
        assert.equal(error.cause?.code, 'SQLITE_READONLY');
        return true;
      });
    }
    assert.deepEqual((await store.get('k'))?.data, { v: 1 }, 'the failed writes changed nothing');
    await store.close();
    db.close();
  });

  test('a failed schema creation is retried by the next operation, not remembered', async () => {
    const file = newFile();
    new Database(file).close();
    const db = new Database(file, { readonly: true });
    const store = new SqliteStore({ db });
    await assert.rejects(store.get('k'), { code: 'ERR_SESSION_STORE', operation: 'get' });
    const writable = new Database(file);
    await new SqliteStore({ db: writable }).create('k', record({ v: 'later' }));
    writable.close();
    assert.deepEqual((await store.get('k'))?.data, { v: 'later' });
    await store.close();
    db.close();
  });

  test('background prune failures go to onError, never crash the process, and are retried', async () => {
    const file = newFile();
    const writable = new Database(file);
    await new SqliteStore({ db: writable }).get('create-schema');
    writable.close();
    const db = new Database(file, { readonly: true });
    const errors: Error[] = [];
    const store = new SqliteStore({ db, pruneInterval: 5, onError: (error) => errors.push(error) });
    while (errors.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    await store.close();
    assert.equal((errors[0] as Error & { code?: string }).code, 'ERR_SESSION_STORE');
    assert.equal((errors[1] as Error & { operation?: string }).operation, 'prune');
    db.close();
  });

  test('the background prune deletes expired rows by itself', async () => {
    let now = Date.now();
    const db = new Database(':memory:');
    const store = new SqliteStore({ db, now: () => now, pruneInterval: 5, pruneBatch: 2 });
    for (let i = 0; i < 5; i++) await store.create(`old${i}`, record({}, { expiresAt: now + 1000 }));
    await store.create('live', record({}));
    now += 2000;
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM satchel_sessions').get() as { n: number }).n;
    while (count() > 1) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(await store.ids(), ['live']);
    await store.close();
    db.close();
  });

  test('the prune timer is unref\'d: a process holding a store exits by itself', async () => {
    const out = await inChild(newFile(), `new SqliteStore({ db: new Database(file) }); console.log('created');`);
    assert.equal(out, 'created');
  });

  test('invalid options throw SessionOptionsError at construction', () => {
    const db = new Database(':memory:');
    for (const options of [{ db, table: 'bad"name' }, { db, table: '1abc' }, { db, pruneInterval: -1 }, { db, pruneBatch: 0 }, { db: {} as Database.Database }]) {
      assert.throws(() => new SqliteStore(options), { code: 'ERR_SESSION_OPTIONS' });
    }
    db.close();
  });
});
