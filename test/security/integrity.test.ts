/**
 * Battery T01–T07 (security.md §6.2): tampering with a real cookie, for `session()` and
 * `cookieSession()`. "Anonymous" = 200, empty session, no store write, a `rejected` event.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { drive, type AnyMiddleware } from '../../scripts/fuzz/harness.js';
import { createSealer } from '../../src/crypto/seal.js';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { clearsCookie, cookieApp, idOf, mustIssue, newSecret, reasons, serverApp, type ServerApp } from './support/apps.js';

const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

const HOUR = 3_600_000;

/** Asserts a `session()` request with `cookie` was anonymous and wrote nothing. */
async function serverAnonymous(s: ServerApp, cookie: string, label: string): Promise<void> {
  const before = { ...s.calls };
  const rejectedBefore = reasons(s.events).length;
  const res = await request(s.app).get('/read').set('Cookie', cookie);
  assert.equal(res.status, 200, label);
  assert.deepEqual(res.body.data, {}, label);
  assert.equal(s.calls.create + s.calls.update + s.calls.touch, before.create + before.update + before.touch, `no store write: ${label}`);
  assert.ok(reasons(s.events).length > rejectedBefore, `rejected event: ${label}`);
}

async function loggedInServer() {
  const s = serverApp();
  const value = mustIssue(await request(s.app).get('/login/alice'), 'sid');
  await request(s.app).get('/write').set('Cookie', `sid=${value}`).expect(200, { data: { count: 1 } });
  return { s, value };
}

async function loggedInCookie(options = {}) {
  const c = cookieApp(options);
  const value = mustIssue(await request(c.app).get('/login/alice'), 'session');
  return { c, value };
}

/** Every single-bit flip of every character, in-process (control bytes cannot travel through an HTTP client). */
function bitFlips(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    for (let bit = 0; bit < 8; bit++) out.push(value.slice(0, i) + String.fromCharCode(value.charCodeAt(i) ^ (1 << bit)) + value.slice(i + 1));
  }
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('session(): integrity and tampering', () => {
  test('T01 bit-flip sweep (ST-07, IN-04): every bit of every character → anonymous unless it only re-spells the same token', async () => {
    const { s, value } = await loggedInServer();
    const token = decodeURIComponent(value);
    let respelled = 0;
    for (const flipped of bitFlips(value)) {
      const out = await drive(s.mw as unknown as AnyMiddleware, `sid=${flipped}`);
      assert.equal(out.thrown, undefined);
      assert.deepEqual(out.nextErrors, []);
      const { cookie: _c, ...data } = out.data ?? {};
      if (Object.keys(data).length > 0) {
        // Percent-encoding hex is case-insensitive: `%2b` and `%2B` are one token, not a forgery.
        let decoded: string | null = null;
        try {
          decoded = decodeURIComponent(flipped);
        } catch {}
        assert.equal(decoded, token, `accepted a different token: ${JSON.stringify(flipped)}`);
        respelled++;
      }
    }
    const hexLetters = (value.match(/%[0-9A-F]{2}/g) ?? []).reduce((n, esc) => n + (/[A-F]/.test(esc.slice(1)) ? 1 : 0), 0);
    assert.equal(respelled, hexLetters, 'only the hex-case flips of %XX escapes re-spell the token');
    assert.equal(s.calls.create, 1, 'only the login created a record');
    assert.equal(s.calls.update, 1, 'only the /write of the setup updated it');
  });

  test('T01 character sweep over HTTP (ST-07, IN-04): every character changed → anonymous', async () => {
    const { s, value } = await loggedInServer();
    for (let i = 0; i < value.length; i++) {
      const replacement = value[i] === 'A' ? 'B' : 'A';
      await serverAnonymous(s, `sid=${value.slice(0, i)}${replacement}${value.slice(i + 1)}`, `position ${i}`);
    }
  });

  test('T02 truncation sweep (ST-06): removing the last k characters, and a 4/8/12-byte MAC → anonymous', async () => {
    const { s, value } = await loggedInServer();
    for (let k = 1; k <= value.length; k++) await serverAnonymous(s, `sid=${value.slice(0, value.length - k)}`, `k=${k}`);
    const [id, mac] = decodeURIComponent(value).slice(2).split('.') as [string, string];
    for (const bytes of [4, 8, 12]) {
      const short = Buffer.from(mac, 'base64').subarray(0, bytes).toString('base64').replace(/=+$/, '');
      await serverAnonymous(s, `sid=${encodeURIComponent(`s:${id}.${short}`)}`, `${bytes}-byte MAC`);
    }
  });

  test('T03 extension (SID-06, cookie-signature #40): appended A . == %00 whitespace or a second MAC → anonymous', async () => {
    const { s, value } = await loggedInServer();
    const mac = decodeURIComponent(value).split('.')[1]!;
    for (const suffix of ['A', '.', '%3D%3D', '==', '%00', '%20', '%09', '\u00a0', `.${encodeURIComponent(mac)}`, `%2E${encodeURIComponent(mac)}`]) {
      await serverAnonymous(s, `sid=${value}${suffix}`, JSON.stringify(suffix));
    }
  });

  test('T03 IN-01: trailing SP/HTAB is header whitespace (RFC 6265 OWS), not part of the value', async () => {
    const { s, value } = await loggedInServer();
    const res = await request(s.app).get('/read').set('Cookie', `sid=${value} \t`);
    assert.deepEqual(res.body.data, { count: 1 });
    assert.deepEqual(reasons(s.events), [], 'the exact token opened: nothing rejected');
  });

  test('T04 non-canonical base64 (ST-06): padding, whitespace, "!" or changed unused bits → anonymous', async () => {
    const { s, value } = await loggedInServer();
    const [id, mac] = decodeURIComponent(value).slice(2).split('.') as [string, string];
    const flipLastBits = (text: string, alphabet: string) => {
      const last = alphabet.indexOf(text.at(-1)!);
      return text.slice(0, -1) + alphabet[last ^ 1];
    };
    const std = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    for (const variant of [
      `s:${id}.${mac}=`,
      `s:${id}=.${mac}`,
      `s:${id.slice(0, 10)} ${id.slice(10)}.${mac}`,
      `s:${id}.${mac.slice(0, 5)}!${mac.slice(5)}`,
      `s:${id}.${flipLastBits(mac, std)}`,
      `s:${flipLastBits(id, B64)}.${mac}`,
    ]) {
      await serverAnonymous(s, `sid=${encodeURIComponent(variant)}`, variant);
    }
  });

  test('T04 SID-06: an id with non-zero unused bits is refused even when validly signed (no store call)', async () => {
    const secret = newSecret();
    const s = serverApp({ secret });
    const id = idOf(mustIssue(await request(s.app).get('/write'), 'sid'));
    const last = B64.indexOf(id.at(-1)!);
    const twin = id.slice(0, -1) + B64[last | 1];
    assert.equal(Buffer.from(twin, 'base64url').equals(Buffer.from(id, 'base64url')), true, 'same bytes, other spelling');
    const gets = s.calls.get;
    await serverAnonymous(s, `sid=${encodeURIComponent(`s:${sign(twin, secret)}`)}`, 'twin id');
    assert.equal(s.calls.get, gets);
    assert.ok(reasons(s.events).includes('malformed'));
  });

  test('T05 cookie-name swap (ST-02): not applicable — the value is a bare signed reference with no data, and another app (secret) rejects it', async () => {
    const { value } = await loggedInServer();
    assert.match(decodeURIComponent(value), /^s:[A-Za-z0-9_-]{43}\.[A-Za-z0-9+/]{43}$/, 'no data, no name binding to protect');
    const other = serverApp({ name: 'other' });
    const res = await request(other.app).get('/read').set('Cookie', `other=${value}`);
    assert.deepEqual(res.body.data, {});
    assert.deepEqual(reasons(other.events), ['bad_signature']);
  });

  test('T06 cross-purpose (ST-02): a magic-link seal presented as the session cookie → anonymous (it is not a signed id)', async () => {
    const s = serverApp();
    const sealer = createSealer({ keys: [newSecret()] });
    const now = s.clock.now();
    const link = sealer.seal({ userId: 'alice' }, { name: 'sid', purpose: 'magic-link' }, { createdAt: now, idleExpiresAt: now + HOUR, absoluteExpiresAt: now + HOUR }, now);
    await serverAnonymous(s, `sid=${link}`, 'magic link');
    assert.deepEqual(reasons(s.events), ['unsigned']);
  });

  test('T07 expiry replay (TO-02): server-side expiry — replay at absolute+1 s → anonymous and the record is gone', async () => {
    const { s, value } = await loggedInServer();
    let current = value;
    // Stay active every 29 min so only the absolute bound (12 h) can end it.
    let count = 1;
    for (let t = 29 * 60_000; t < 12 * HOUR; t += 29 * 60_000) {
      s.clock.advance(29 * 60_000);
      const res = await request(s.app).get('/write').set('Cookie', `sid=${current}`);
      assert.equal(res.body.data.count, ++count, 'alive while active before the absolute bound');
      current = res.headers['set-cookie'] ? mustIssue(res, 'sid') : current;
    }
    s.clock.set(Date.UTC(2026, 0, 1, 8) + 12 * HOUR + 1000);
    for (const replay of [value, current]) {
      const res = await request(s.app).get('/read').set('Cookie', `sid=${replay}`);
      assert.deepEqual(res.body.data, {});
    }
    assert.equal(await s.store.length(), 0);
    // The store itself already hides the dead record (STO-02), so the engine sees an unknown id.
    assert.ok(s.events.some((e) => e.event === 'expired' || (e.event === 'rejected' && e.payload.reason === 'unknown_id')));
  });
});

describe('cookieSession(): integrity and tampering', () => {
  async function cookieAnonymous(app: ReturnType<typeof cookieApp>, cookie: string, label: string) {
    const before = app.events.length;
    const res = await request(app.app).get('/read').set('Cookie', cookie);
    assert.equal(res.status, 200, label);
    assert.deepEqual(res.body.data, {}, label);
    assert.equal(res.body.isNew, true, label);
    assert.ok(clearsCookie(res, 'session'), `the bad cookie is cleared: ${label}`);
    assert.ok(app.events.slice(before).some((e) => e.event === 'rejected' || e.event === 'expired'), `event: ${label}`);
  }

  test('T01 bit-flip sweep (ST-01, ST-07, IN-04): every bit of every character → anonymous', async () => {
    const { c, value } = await loggedInCookie();
    for (const flipped of bitFlips(value)) {
      const out = await drive(c.mw as unknown as AnyMiddleware, `session=${flipped}`);
      assert.equal(out.thrown, undefined);
      assert.deepEqual(out.nextErrors, []);
      assert.deepEqual(out.data, {}, JSON.stringify(flipped));
    }
  });

  test('T01 character sweep over HTTP (ST-07): every character changed → anonymous', async () => {
    const { c, value } = await loggedInCookie();
    for (let i = 0; i < value.length; i++) {
      const replacement = value[i] === 'A' ? 'B' : 'A';
      await cookieAnonymous(c, `session=${value.slice(0, i)}${replacement}${value.slice(i + 1)}`, `position ${i}`);
    }
  });

  test('T02 truncation sweep (ST-01, ST-06): last k characters removed, GCM tag cut to 4/8/12 bytes → anonymous', async () => {
    const { c, value } = await loggedInCookie();
    for (let k = 1; k <= value.length; k++) await cookieAnonymous(c, `session=${value.slice(0, value.length - k)}`, `k=${k}`);
    const parts = value.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    for (const tag of [4, 8, 12]) {
      const cut = Buffer.concat([body.subarray(0, body.length - 16), body.subarray(body.length - 16, body.length - 16 + tag)]);
      await cookieAnonymous(c, `session=${[...parts.slice(0, 4), cut.toString('base64url')].join('.')}`, `${tag}-byte tag`);
    }
  });

  test('T03 extension (ST-06): appended A . == %00 whitespace escapes or a second tag → anonymous', async () => {
    const { c, value } = await loggedInCookie();
    const tag = value.split('.')[4]!.slice(-22);
    for (const suffix of ['A', '.', '==', '%00', '%20', '%09', '\u00a0', `.${tag}`]) {
      await cookieAnonymous(c, `session=${value}${suffix}`, JSON.stringify(suffix));
    }
  });

  test('T04 non-canonical base64url (ST-06): padding, embedded whitespace, "!", changed unused bits → anonymous', async () => {
    const { c, value } = await loggedInCookie();
    const parts = value.split('.');
    const variants: string[] = [];
    for (const index of [2, 3, 4]) {
      const part = parts[index]!;
      const withPart = (p: string) => parts.map((x, i) => (i === index ? p : x)).join('.');
      variants.push(withPart(`${part}=`), withPart(`${part.slice(0, 4)} ${part.slice(4)}`), withPart(`${part.slice(0, 4)}!${part.slice(4)}`));
      if (part.length % 4 !== 0) {
        const last = B64.indexOf(part.at(-1)!);
        const twin = part.slice(0, -1) + B64[last ^ 1];
        if (Buffer.from(twin, 'base64url').equals(Buffer.from(part, 'base64url'))) variants.push(withPart(twin));
      }
    }
    assert.ok(variants.length >= 10);
    for (const variant of variants) await cookieAnonymous(c, `session=${variant}`, variant);
  });

  test('T05 cookie-name swap (ST-02): a seal copied from __Host-a into __Host-b → anonymous', async () => {
    const key = newSecret();
    const a = cookieApp({ keys: [key], name: '__Host-a' });
    const b = cookieApp({ keys: [key], name: '__Host-b' });
    const sealA = mustIssue(await request(a.app).get('/login/alice').set('X-Forwarded-Proto', 'https'), '__Host-a');
    const res = await request(b.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-b=${sealA}`);
    assert.deepEqual(res.body.data, {});
    assert.deepEqual(reasons(b.events), ['bad_seal']);
    const own = await request(a.app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `__Host-a=${sealA}`);
    assert.equal(own.body.data.user, 'alice', 'the seal still opens where it belongs');
  });

  test('T06 cross-purpose (ST-02): a magic-link seal is not a session, and a session seal is not a magic link', async () => {
    const key = newSecret();
    const sessions = cookieApp({ keys: [key] });
    const links = cookieApp({ keys: [key], purpose: 'magic-link' });
    const now = sessions.clock.now();
    const link = createSealer({ keys: [key] }).seal(
      { user: 'alice' },
      { name: 'session', purpose: 'magic-link', context: 'parts=1' },
      { createdAt: now, idleExpiresAt: now + HOUR, absoluteExpiresAt: now + HOUR },
      now,
    );
    assert.equal((await request(links.app).get('/read').set('Cookie', `session=${link}`)).body.data.user, 'alice', 'valid as a magic link');
    await cookieAnonymous(sessions, `session=${link}`, 'magic link as session');
    const sessionSeal = mustIssue(await request(sessions.app).get('/login/alice'), 'session');
    await cookieAnonymous(links, `session=${sessionSeal}`, 'session as magic link');
  });

  test('T07 stateless expiry replay (TO-04, ST-03): seal, jump absolute+1 s (no skew), replay → anonymous', async () => {
    const { c, value } = await loggedInCookie({ clockSkew: 0 });
    let current = value;
    for (let t = 0; t < 12 * HOUR - 29 * 60_000; t += 29 * 60_000) {
      c.clock.advance(29 * 60_000);
      const res = await request(c.app).get('/write').set('Cookie', `session=${current}`);
      current = mustIssue(res, 'session');
    }
    c.clock.set(Date.UTC(2026, 0, 1, 8) + 12 * HOUR + 1000);
    await cookieAnonymous(c, `session=${current}`, 'latest seal');
    await cookieAnonymous(c, `session=${value}`, 'first seal');
    assert.ok(c.events.some((e) => e.event === 'expired' && e.payload.reason === 'absolute'));
  });

  test('T07 TO-06: with the default 60 s skew, absolute+61 s is dead too', async () => {
    const { c, value } = await loggedInCookie();
    c.clock.advance(12 * HOUR + 61_000);
    await cookieAnonymous(c, `session=${value}`, 'default skew');
  });
});
