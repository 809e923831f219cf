/**
 * Battery T32–T38 (security.md §6.2; the floods T30/T31 are in flood-*.test.ts): hashed-at-rest ids, constant-time comparison,
 * entropy, log hygiene, cache headers, Set-Cookie coexistence and late saves, for `session()`
 * and `cookieSession()`. Writes through `writeHead` arrays and late saves of new sessions
 * fail today: see FOUND-writehead-arrays and FOUND-late-save.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Express } from 'express';
import request from 'supertest';
import { createSealer } from '../../src/crypto/seal.js';
import { generateId, isCanonicalId } from '../../src/crypto/ids.js';
import { attributes, cookieApp, cs, idOf, mustIssue, newSecret, serverApp, setCookieLine, setCookies } from './support/apps.js';

const SRC = new URL('../../src/', import.meta.url).pathname;
const source = (path: string) => readFileSync(join(SRC, path), 'utf8');

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [join(dir, entry.name)] : [],
  );
}

/** Every 12-character window of `secret` that appears in `haystack`. */
function leaks(haystack: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    for (let i = 0; i + 12 <= secret.length; i++) if (haystack.includes(secret.slice(i, i + 12))) found.push(secret.slice(i, i + 12));
  }
  return found;
}

/** Captures console output and stdout/stderr writes while `run` runs. */
async function captureOutput(run: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const saved = { log: console.log, warn: console.warn, error: console.error, info: console.info, debug: console.debug };
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const keep = (...args: unknown[]) => void chunks.push(args.map(String).join(' '));
  Object.assign(console, { log: keep, warn: keep, error: keep, info: keep, debug: keep });
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => (chunks.push(String(chunk)), out(chunk as string, ...(rest as [])))) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) => (chunks.push(String(chunk)), err(chunk as string, ...(rest as [])))) as typeof process.stderr.write;
  try {
    await run();
  } finally {
    Object.assign(console, saved);
    process.stdout.write = out;
    process.stderr.write = err;
  }
  return chunks.join('\n');
}

// Both writeHead forms that Node lets override cookies already on the response (T37).
const writeHeadRoutes = (login: (req: Parameters<Parameters<Express['get']>[1]>[0]) => Promise<void>) => (app: Express) => {
  app.get('/raw', async (req, res) => {
    await login(req);
    res.writeHead(200, ['Set-Cookie', 'x=1', 'Set-Cookie', 'y=2', 'Content-Type', 'text/plain']);
    res.end('ok');
  });
  app.get('/object', async (req, res) => {
    await login(req);
    res.writeHead(200, { 'Set-Cookie': ['x=1', 'y=2'], 'Content-Type': 'text/plain' });
    res.end('ok');
  });
  app.get('/object-status', async (req, res) => {
    await login(req);
    res.writeHead(201, 'Made', { 'set-cookie': 'x=1', 'Content-Type': 'text/plain' });
    res.end('ok');
  });
};

const cookieNames = (lines: string[]): string[] => lines.map((line) => line.slice(0, line.indexOf('='))).sort();

const coexistRoutes = (login: (req: Parameters<Parameters<Express['get']>[1]>[0]) => Promise<void>) => (app: Express) =>
  app.get('/coexist', async (req, res) => {
    res.cookie('theme', 'dark');
    res.cookie('lang', 'en');
    await login(req);
    res.send('ok');
  });

describe('session(): store, logging and responses', () => {


  test('T32 hashed at rest (SID-05): the store key is SHA-256(id) hex and the raw token appears nowhere in the store', async () => {
    const s = serverApp();
    const value = mustIssue(await request(s.app).get('/login/alice'), 'sid');
    await request(s.app).get('/write').set('Cookie', `sid=${value}`);
    const id = idOf(value);
    const dump = await s.store.all();
    assert.deepEqual(dump.map((entry) => entry.key), [createHash('sha256').update(id).digest('hex')]);
    assert.deepEqual(leaks(JSON.stringify(dump), [id, decodeURIComponent(value), value]), []);
  });

  test('T33 constant-time (SID-07): every MAC check uses timingSafeEqual behind a length guard, never ===', () => {
    const signer = source('crypto/signer.ts');
    assert.doesNotMatch(signer, /(mac|sign)\([^)]*\)\s*===|===\s*(mac|sign)\(/);
    let calls = 0;
    for (const file of sourceFiles()) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/timingSafeEqual\(/g)) {
        if (/import \{[^}]*$/.test(text.slice(Math.max(0, match.index! - 200), match.index))) continue;
        calls++;
        // Either an explicit equal-length check, or the given MAC was first matched against a fixed-length pattern.
        const before = text.slice(Math.max(0, match.index! - 600), match.index);
        assert.match(before, /\.length\s*[!=]==|[A-Z_]+\.test\(/, `${file}: timingSafeEqual without a length guard`);
      }
    }
    assert.ok(calls >= 1, 'the signer uses timingSafeEqual');
  });

  test('T34 entropy (SID-01): 10^6 ids — no duplicates, exact length and charset, per-position chi-square sane, CSPRNG source', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const N = 1_000_000;
    const seen = new Set<string>();
    const counts = Array.from({ length: 43 }, () => new Uint32Array(64));
    for (let i = 0; i < N; i++) {
      const id = generateId();
      assert.ok(id.length === 43 && isCanonicalId(id));
      seen.add(id);
      for (let p = 0; p < 43; p++) counts[p]![ALPHABET.indexOf(id[p]!)]!++;
    }
    assert.equal(seen.size, N, 'no duplicates');
    for (let p = 0; p < 43; p++) {
      const symbols = p === 42 ? 16 : 64;
      const expected = N / symbols;
      let chi = 0;
      for (const count of counts[p]!) if (count > 0 || symbols === 64) chi += (count - expected) ** 2 / expected;
      // Mean df, +8 standard deviations: a broken generator lands far beyond, a fair one never does.
      const df = symbols - 1;
      assert.ok(chi < df + 8 * Math.sqrt(2 * df), `position ${p}: chi-square ${chi.toFixed(1)}`);
    }
    // ids and seals draw from one pooled CSPRNG source (crypto/random.ts).
    const ids = source('crypto/ids.ts');
    assert.match(ids, /import \{ pooledRandom \} from '\.\/random\.js'/, 'ids from the pooled source');
    assert.match(source('crypto/random.ts'), /import \{[^}]*\brandom(Bytes|FillSync)\b[^}]*\} from 'node:crypto'/, 'ids from the CSPRNG');
    for (const dir of ['lifecycle', 'crypto', 'http', 'adapters']) for (const file of sourceFiles(join(SRC, dir))) assert.doesNotMatch(readFileSync(file, 'utf8'), /Math\.random\(/, file);
  });

  test('T35 log hygiene (DET-02): across a lifecycle with failures, events and console output never contain a token or cookie value', async () => {
    const tokens: string[] = [];
    let s = serverApp();
    const output = await captureOutput(async () => {
      s = serverApp();
      const a = mustIssue(await request(s.app).get('/cart'), 'sid');
      const b = mustIssue(await request(s.app).get('/login/alice').set('Cookie', `sid=${a}`), 'sid');
      tokens.push(a, b, decodeURIComponent(a), decodeURIComponent(b), idOf(a), idOf(b));
      await request(s.app).get('/read').set('Cookie', `sid=${a}`);
      await request(s.app).get('/read').set('Cookie', `sid=${b.slice(0, -3)}xyz`);
      s.slow.gate.release();
      const slow = request(s.app).get('/slow').set('Cookie', `sid=${b}`).then((r) => r);
      await request(s.app).get('/logout').set('Cookie', `sid=${b}`);
      await slow;
      await request(s.app).get('/read').set('Cookie', `sid=${b}; sid=${a}`);
    });
    assert.ok(s.events.length >= 8, JSON.stringify(s.events.map((e) => e.event)));
    assert.deepEqual(leaks(JSON.stringify(s.events), tokens), []);
    assert.deepEqual(leaks(output, tokens), []);
  });

  test('T36 cache headers (CK-10): every response carrying the session Set-Cookie is Cache-Control: no-store, unless opted out', async () => {
    const s = serverApp();
    const set = await request(s.app).get('/write');
    assert.equal(set.headers['cache-control'], 'no-store');
    const cleared = await request(s.app).get('/logout').set('Cookie', `sid=${mustIssue(set, 'sid')}`);
    assert.ok(setCookieLine(cleared, 'sid'));
    assert.equal(cleared.headers['cache-control'], 'no-store');
    const optOut = serverApp({ cacheControl: false });
    const res = await request(optOut.app).get('/write');
    assert.ok(setCookieLine(res, 'sid'));
    assert.equal(res.headers['cache-control'], undefined);
  });

  test('T37 Set-Cookie coexistence (CK-11): two app cookies plus a rotation → all three, exactly one session cookie; raw writeHead arrays kept', async () => {
    const s = serverApp({}, (app) => {
      coexistRoutes((req) => req.session.login('alice'))(app);
      app.get('/raw', async (req, res) => {
        await req.session.login('alice');
        res.writeHead(200, ['Set-Cookie', 'x=1', 'Set-Cookie', 'y=2', 'Content-Type', 'text/plain']);
        res.end('ok');
      });
    });
    const pre = mustIssue(await request(s.app).get('/cart'), 'sid');
    const res = await request(s.app).get('/coexist').set('Cookie', `sid=${pre}`);
    const lines = setCookies(res);
    assert.deepEqual(lines.map((l) => l.slice(0, l.indexOf('='))).sort(), ['lang', 'sid', 'theme']);
    assert.notEqual(mustIssue(res, 'sid'), pre);
    const raw = setCookies(await request(s.app).get('/raw'));
    assert.deepEqual(raw.map((l) => l.slice(0, l.indexOf('='))).sort(), ['sid', 'x', 'y']);
  });

  test('T37 CK-11: res.writeHead with Set-Cookie arrays (object and raw form, any case, with a status message) keeps the session cookie and every app cookie', async () => {
    const s = serverApp({}, writeHeadRoutes((req) => req.session.login('alice')));
    assert.deepEqual(cookieNames(setCookies(await request(s.app).get('/raw'))), ['sid', 'x', 'y'], 'raw form');
    const object = await request(s.app).get('/object');
    assert.deepEqual(cookieNames(setCookies(object)), ['sid', 'x', 'y'], 'object form');
    assert.equal(object.headers['content-type'], 'text/plain', 'the other writeHead headers pass through');
    const status = await request(s.app).get('/object-status');
    assert.equal(status.status, 201);
    assert.deepEqual(cookieNames(setCookies(status)), ['sid', 'x']);
    // The login each of them carried is real: its cookie opens the session.
    assert.equal((await request(s.app).get('/read').set('Cookie', `sid=${mustIssue(object, 'sid')}`)).status, 200);
    assert.equal(await s.store.length(), 3);
  });

  test('T38 late save: save() of a NEW session after the headers were sent rejects with ERR_SESSION_HEADERS_SENT and stores no orphan record', async () => {
    const s = serverApp({}, (app) =>
      app.get('/late', async (req, res) => {
        res.write('partial;');
        req.session.user = 'late';
        let code = 'none';
        try {
          await req.session.save();
        } catch (error) {
          code = (error as { code?: string }).code ?? 'unknown';
        }
        res.end(code);
      }),
    );
    const res = await request(s.app).get('/late');
    assert.equal(res.text, 'partial;ERR_SESSION_HEADERS_SENT');
    assert.equal(setCookieLine(res, 'sid'), undefined);
    assert.equal(await s.store.length(), 0, 'no record that no cookie points to');
  });

  test('T38 late write: a NEW session written after the headers went out is not stored at the end either; the app hears of it through the error event', async () => {
    const s = serverApp({}, (app) =>
      app.get('/late-write', (req, res) => {
        res.write('partial;');
        req.session.user = 'late';
        res.end('done');
      }),
    );
    const res = await request(s.app).get('/late-write');
    assert.equal(res.text, 'partial;done', 'the streamed response is not cut short');
    assert.equal(await s.store.length(), 0);
    assert.equal(s.calls.create, 0);
    const errors = s.events.filter((e) => e.event === 'error').map((e) => (e.payload.error as { code?: string }).code);
    assert.deepEqual(errors, ['ERR_SESSION_HEADERS_SENT']);
    // A new session whose cookie did go out with the headers is still saved by the end commit.
    const early = serverApp({}, (app) =>
      app.get('/early', (req, res) => {
        req.session.user = 'early';
        res.write('partial;');
        res.end('done');
      }),
    );
    const issued = await request(early.app).get('/early');
    assert.equal((await request(early.app).get('/read').set('Cookie', `sid=${mustIssue(issued, 'sid')}`)).body.data.user, 'early');
  });

  test('T38 late save: for an existing session, save() after the headers were sent is not dropped — the change reaches the store', async () => {
    const s = serverApp({}, (app) =>
      app.get('/late', async (req, res) => {
        res.write('partial;');
        req.session.late = 'kept';
        await req.session.save();
        res.end('saved');
      }),
    );
    const value = mustIssue(await request(s.app).get('/write'), 'sid');
    assert.equal((await request(s.app).get('/late').set('Cookie', `sid=${value}`)).text, 'partial;saved');
    assert.deepEqual((await request(s.app).get('/read').set('Cookie', `sid=${value}`)).body.data, { count: 1, late: 'kept' });
  });
});

describe('cookieSession(): responses and hygiene', () => {


  test('T32 hashed at rest (SID-05): not applicable — no store; the data is encrypted, never readable in the cookie', async () => {
    const marker = 'very-private-marker-7f3a';
    const c = cookieApp({}, (app) =>
      app.get('/secret', (req, res) => {
        cs(req).note = marker;
        res.send('ok');
      }),
    );
    const value = mustIssue(await request(c.app).get('/secret'), 'session');
    const decoded = value.split('.').map((part) => Buffer.from(part, 'base64url').toString('latin1')).join('|');
    assert.equal(value.includes(marker) || decoded.includes(marker) || decoded.includes('note'), false);
  });

  test('T33 constant-time (SID-07): the seal is checked by AES-GCM with a 16-byte tag inside OpenSSL, no hand-rolled tag comparison', () => {
    // The AES-GCM calls live in crypto/gcm.ts, shared by cookie seals and values at rest.
    const gcm = source('crypto/gcm.ts');
    const seal = source('crypto/seal.ts');
    assert.match(gcm, /createDecipheriv\('aes-256-gcm'[^;]*authTagLength: TAG_BYTES/s);
    assert.match(gcm, /const TAG_BYTES = 16;/);
    assert.match(seal, /gcmOpen\(/);
    for (const text of [gcm, seal]) assert.doesNotMatch(text, /getAuthTag\(\)\s*[!=]==|\.equals\(|timingSafeEqual/);
  });

  test('T34 entropy (SID-01, ST-05): 100,000 seals of one payload never repeat an IV, and no salt (key) seals more than its batch', () => {
    const sealer = createSealer({ keys: [newSecret()] });
    const now = Date.now();
    const perSalt = new Map<string, number>();
    const ivs = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const parts = sealer.seal({ a: 1 }, { name: 'session', purpose: 'session' }, { createdAt: now, idleExpiresAt: now + 1, absoluteExpiresAt: now + 1 }, now).split('.');
      perSalt.set(parts[2]!, (perSalt.get(parts[2]!) ?? 0) + 1);
      ivs.add(parts[3]!);
    }
    assert.equal(ivs.size, 100_000);
    // 65,536 seals per derived key, then a fresh salt: 100,000 seals use exactly two keys.
    assert.deepEqual([...perSalt.values()], [65_536, 34_464]);
    const seal = source('crypto/seal.ts');
    assert.match(seal, /import \{ pooledRandom \} from '\.\/random\.js'/, 'salt and IV from the pooled source');
    assert.match(source('crypto/random.ts'), /import \{[^}]*\brandom(Bytes|FillSync)\b[^}]*\} from 'node:crypto'/, 'salt and IV from the CSPRNG');
    assert.doesNotMatch(seal, /Math\.random\(/);
  });

  test('T35 log hygiene (DET-02): events and console output across a lifecycle with failures never contain a cookie value', async () => {
    let c = cookieApp();
    const values: string[] = [];
    const output = await captureOutput(async () => {
      c = cookieApp();
      const a = mustIssue(await request(c.app).get('/cart'), 'session');
      const b = mustIssue(await request(c.app).get('/login/alice').set('Cookie', `session=${a}`), 'session');
      values.push(a, b);
      await request(c.app).get('/read').set('Cookie', `session=${b.slice(0, -4)}AAAA`);
      await request(c.app).get('/read').set('Cookie', `session=${'A'.repeat(5000)}`);
      await request(c.app).get('/logout').set('Cookie', `session=${b}`);
      c.clock.advance(13 * 3_600_000);
      await request(c.app).get('/read').set('Cookie', `session=${b}`);
    });
    assert.ok(c.events.length >= 4, JSON.stringify(c.events));
    for (const e of c.events) assert.ok(Object.keys(e.payload).every((k) => k === 'reason'), JSON.stringify(e));
    assert.deepEqual(leaks(JSON.stringify(c.events), values), []);
    assert.deepEqual(leaks(output, values), []);
  });

  test('T36 cache headers (CK-10): responses that set or clear the session cookie are Cache-Control: no-store; others untouched', async () => {
    const c = cookieApp();
    const set = await request(c.app).get('/write');
    assert.equal(set.headers['cache-control'], 'no-store');
    const cleared = await request(c.app).get('/logout').set('Cookie', `session=${mustIssue(set, 'session')}`);
    assert.equal(attributes(setCookieLine(cleared, 'session')!).get('max-age'), '0');
    assert.equal(cleared.headers['cache-control'], 'no-store');
    assert.equal((await request(c.app).get('/read')).headers['cache-control'], undefined);
  });

  test('T37 Set-Cookie coexistence (CK-11): two app cookies plus a rotation → all three, exactly one session cookie', async () => {
    const c = cookieApp(
      {},
      coexistRoutes(async (req) => {
        await cs(req).regenerate();
        cs(req).user = 'alice';
      }),
    );
    const pre = mustIssue(await request(c.app).get('/cart'), 'session');
    const res = await request(c.app).get('/coexist').set('Cookie', `session=${pre}`);
    assert.deepEqual(setCookies(res).map((l) => l.slice(0, l.indexOf('='))).sort(), ['lang', 'session', 'theme']);
    assert.notEqual(mustIssue(res, 'session'), pre);
  });

  test('T37 CK-11: res.writeHead with Set-Cookie arrays (raw and object form) keeps the session cookie and both app cookies', async () => {
    const c = cookieApp(
      {},
      writeHeadRoutes(async (req) => {
        await cs(req).regenerate();
        cs(req).user = 'alice';
      }),
    );
    assert.deepEqual(cookieNames(setCookies(await request(c.app).get('/raw'))), ['session', 'x', 'y'], 'raw form');
    const object = await request(c.app).get('/object');
    assert.deepEqual(cookieNames(setCookies(object)), ['session', 'x', 'y'], 'object form');
    assert.equal((await request(c.app).get('/read').set('Cookie', `session=${mustIssue(object, 'session')}`)).body.data.user, 'alice');
    assert.deepEqual(cookieNames(setCookies(await request(c.app).get('/object-status'))), ['session', 'x']);
  });

  test('T38 late save: save() after the headers were sent rejects with ERR_SESSION_HEADERS_SENT', async () => {
    const c = cookieApp({}, (app) =>
      app.get('/late', async (req, res) => {
        res.write('partial;');
        cs(req).late = 'lost';
        let code = 'none';
        try {
          await cs(req).save();
        } catch (error) {
          code = (error as { code?: string }).code ?? 'unknown';
        }
        res.end(code);
      }),
    );
    assert.equal((await request(c.app).get('/late')).text, 'partial;ERR_SESSION_HEADERS_SENT');
  });
});

