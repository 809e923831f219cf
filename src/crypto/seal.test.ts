import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { createSealer, type SealBinding, type SealTimes } from './seal.js';
import { KEY_LIFETIME_MS, SEALS_PER_KEY } from './seal-material.js';

const KEY = Buffer.from(Array.from({ length: 32 }, (_, i) => i)).toString('hex');
const NOW = 1_700_000_000_000;
const BINDING: SealBinding = { name: '__Host-session', purpose: 'session', context: 'parts=1' };
const TIMES: SealTimes = { createdAt: NOW - 1000, idleExpiresAt: NOW + 1_800_000, absoluteExpiresAt: NOW + 43_200_000 };
const fixedRandom = (size: number) => {
  assert.equal(size, 28, 'one draw: 16 salt bytes then 12 IV bytes');
  return Buffer.concat([Buffer.alloc(16, 0xa5), Buffer.alloc(12, 0x5c)]);
};

// Frozen wire format: if one of these changes, sealed cookies in the field stop opening.
const VECTOR_MAP =
  'v1.2026a.paWlpaWlpaWlpaWlpaWlpQ.XFxcXFxcXFxcXFxc.YfbBvVy5nRO72myouvAyVmz5h-OIVd7gr1SR3zkE7jLY0vi8tMYyJxCc606ZpbB6o4E5hlrxRHo30VO5R3T566gNiEMx-5YDkq_MZDw64Rx8VqlflXYbfeNmVJuHX6QbNavs_gR7v8bgroGHvJh4iATwfLW8NLIrA_kZgmNVnv7nY8JjzmcT';
const VECTOR_ARRAY =
  'v1.kec-BDWWaKE.paWlpaWlpaWlpaWlpaWlpQ.XFxcXFxcXFxcXFxc.MmR0e8bXgA-W-H39nRyznI1efaZD_ptdVHGBe29lDn6DED6SWmoqzjqcWDxz-Af2B-Y1AJbVwegTOwCOFQ_cLKpxI-zNw-Jam8-1b6lMc-yHO3sMMs8ZpJqY-1w8VTDrh-VZ2hiAaGg';

const sealer = createSealer({ keys: [randomBytes(32)] });
const fresh = (data: object = { userId: 'u1' }, binding: SealBinding = BINDING, now = NOW) =>
  sealer.seal(data, binding, TIMES, now);

function assertRejected(value: unknown, binding: SealBinding = BINDING, now = NOW, using = sealer) {
  const result = using.open(value, binding, now);
  assert.equal(result.ok, false, `accepted ${String(value).slice(0, 80)}`);
  return result.ok ? undefined : result.reason;
}

describe('sealer v1 frozen vectors (ST-04)', () => {
  test('ST-04: fixed key, salt, iv and clock give the exact frozen seal (map key ring)', () => {
    const s = createSealer({ keys: { '2026a': KEY }, randomBytes: fixedRandom });
    assert.equal(s.seal({ userId: 'u1', roles: ['admin'] }, BINDING, TIMES, NOW), VECTOR_MAP);
  });

  test('ST-04: array key ring ids are derived from the key, frozen', () => {
    const s = createSealer({ keys: [KEY], randomBytes: fixedRandom });
    assert.equal(s.keyRing.primaryId, 'kec-BDWWaKE');
    const now = NOW;
    assert.equal(
      s.seal({}, { name: 'x', purpose: 'magic-link' }, { createdAt: now, idleExpiresAt: now + 1, absoluteExpiresAt: now + 1 }, now),
      VECTOR_ARRAY,
    );
  });

  test('ST-05/ST-02: the vector decrypts with the documented construction (HKDF info, AAD layout)', () => {
    const [, kid, salt, iv, body] = VECTOR_MAP.split('.') as [string, string, string, string, string];
    const key = Buffer.from(hkdfSync('sha256', Buffer.from(KEY, 'hex'), Buffer.from(salt, 'base64url'), 'satchel/seal/v1/session', 32));
    const field = (s: string) => {
      const b = Buffer.from(s);
      const len = Buffer.alloc(4);
      len.writeUInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const raw = Buffer.from(body, 'base64url');
    const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    d.setAAD(Buffer.concat([field('satchel-seal-v1'), field(kid), field('__Host-session'), field('session'), field('parts=1')]));
    d.setAuthTag(raw.subarray(raw.length - 16));
    const plain = JSON.parse(Buffer.concat([d.update(raw.subarray(0, raw.length - 16)), d.final()]).toString());
    assert.deepEqual(plain, { iat: NOW, cat: NOW - 1000, exp: NOW + 1_800_000, abs: NOW + 43_200_000, d: { userId: 'u1', roles: ['admin'] } });
  });

  test('KR-01: the frozen vector opens with a ring that lists its key', () => {
    const s = createSealer({ keys: { new: randomBytes(32), '2026a': KEY }, primary: 'new' });
    const opened = s.open(VECTOR_MAP, BINDING, NOW);
    assert.ok(opened.ok);
    assert.deepEqual({ ...opened.data, roles: [...(opened.data.roles as string[])] }, { userId: 'u1', roles: ['admin'] });
    assert.equal(opened.keyId, '2026a');
    assert.equal(opened.stale, true);
  });
});

describe('sealer integrity', () => {
  test('T01 ST-01: every single-character change of a valid seal is rejected', () => {
    const sealed = fresh();
    const alphabet = 'Aa0_-.=';
    let tried = 0;
    for (let i = 0; i < sealed.length; i++) {
      for (const c of alphabet) {
        if (sealed[i] === c) continue;
        assertRejected(sealed.slice(0, i) + c + sealed.slice(i + 1));
        tried++;
      }
    }
    assert.ok(tried > sealed.length * 5);
  });

  test('T01 ST-01: every bit flip of the decoded salt, iv and ciphertext is rejected', () => {
    const parts = fresh().split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index]!, 'base64url');
      for (let bit = 0; bit < bytes.length * 8; bit++) {
        const copy = Buffer.from(bytes);
        copy[bit >> 3]! ^= 1 << (bit & 7);
        const mutated = [...parts];
        mutated[index] = copy.toString('base64url');
        assertRejected(mutated.join('.'));
      }
    }
  });

  test('T02 ST-01: truncations, including a tag cut to 4, 8 and 12 bytes, are rejected', () => {
    const sealed = fresh();
    for (let k = 1; k <= sealed.length; k++) assertRejected(sealed.slice(0, sealed.length - k));
    const parts = sealed.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    for (const cut of [4, 8, 12]) {
      const mutated = [...parts];
      mutated[4] = body.subarray(0, body.length - cut).toString('base64url');
      assertRejected(mutated.join('.'));
    }
  });

  test('T03 ST-06: appended bytes, parts and signatures are rejected', () => {
    const sealed = fresh();
    for (const tail of ['A', '.', '==', '%00', ' ', '\t', '.v1', `.${sealed.split('.')[4]}`, '\u0000']) {
      assertRejected(sealed + tail);
    }
    assertRejected(`x.${sealed}`);
  });

  test('T04 ST-06: padding, whitespace, foreign characters and non-zero trailing bits are rejected', () => {
    const parts = fresh().split('.');
    const variants: string[] = [];
    for (const index of [2, 3, 4]) {
      const p = parts[index]!;
      for (const v of [p + '=', p + '==', ` ${p}`, p.slice(0, 5) + '!' + p.slice(5), p.slice(0, 5) + ' ' + p.slice(5), p.replace(/-/g, '+').replace(/_/g, '/')]) {
        if (v === p) continue;
        const m = [...parts];
        m[index] = v;
        variants.push(m.join('.'));
      }
    }
    // The salt is 16 bytes = 22 chars: the last char carries 4 unused bits; set one of them.
    const salt = parts[2]!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(salt[salt.length - 1]!);
    const m = [...parts];
    m[2] = salt.slice(0, -1) + alphabet[last ^ 1];
    assert.deepEqual(Buffer.from(m[2]!, 'base64url'), Buffer.from(salt, 'base64url'), 'Node decodes both spellings alike');
    variants.push(m.join('.'));
    for (const v of variants) assert.equal(assertRejected(v), 'malformed');
  });

  test('T05 ST-02: a seal moved to another cookie name is rejected', () => {
    assert.equal(assertRejected(fresh(), { ...BINDING, name: '__Host-other' }), 'bad_seal');
    assert.equal(assertRejected(fresh(), { ...BINDING, context: 'parts=2' }), 'bad_seal');
  });

  test('T06 ST-02 KR-04: a seal made for another purpose is rejected, both ways', () => {
    const magic = fresh({ userId: 'u1' }, { ...BINDING, purpose: 'magic-link' });
    assert.equal(assertRejected(magic), 'bad_seal');
    assert.equal(assertRejected(fresh(), { ...BINDING, purpose: 'magic-link' }), 'bad_seal');
  });

  test('T18 ST-07: hostile key ids give "no session", never a throw', () => {
    const parts = fresh().split('.');
    for (const kid of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'x'.repeat(10_000), 'ключ', 'k\u0000', 'a b']) {
      const m = [...parts];
      m[1] = kid;
      const reason = assertRejected(m.join('.'));
      assert.ok(reason === 'unknown_key' || reason === 'malformed' || reason === 'too_large', `${kid.slice(0, 12)} → ${reason}`);
    }
  });

  test('T20 ST-08: __proto__ and constructor in a sealed payload stay inert data', () => {
    const payload = JSON.parse('{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"nested":{"__proto__":{"y":1}}}');
    const opened = sealer.open(sealer.seal(payload, BINDING, TIMES, NOW), BINDING, NOW);
    assert.ok(opened.ok);
    assert.equal((opened.data as { isAdmin?: unknown }).isAdmin, undefined);
    assert.equal(Object.getPrototypeOf(opened.data), null);
    assert.equal(Object.getPrototypeOf(opened.data.nested), null);
    assert.equal((opened.data.nested as { y?: unknown }).y, undefined);
    assert.equal(({} as { isAdmin?: unknown; x?: unknown }).isAdmin, undefined);
    assert.equal(({} as { x?: unknown }).x, undefined);
  });

  test('IN-03: over-long input is refused before decoding', () => {
    assert.equal(assertRejected('v1.' + 'A'.repeat(20_000)), 'too_large');
    for (const value of [undefined, null, 42, {}, [], '', '....', 'v2.a.b.c.d']) assertRejected(value);
  });
});

describe('sealer deadlines (TO-04, ST-03, TO-06)', () => {
  const times = { createdAt: NOW, idleExpiresAt: NOW + 60_000, absoluteExpiresAt: NOW + 120_000 };
  const strict = createSealer({ keys: [randomBytes(32)], clockSkewMs: 1000 });
  const sealed = strict.seal({ a: 1 }, BINDING, times, NOW);

  test('T07 TO-04: a seal replayed after its idle deadline is rejected as expired_idle', () => {
    assert.ok(strict.open(sealed, BINDING, NOW + 60_000).ok);
    assert.equal(assertRejected(sealed, BINDING, NOW + 62_000, strict), 'expired_idle');
  });

  test('T07 TO-04: the absolute deadline wins over a later idle deadline', () => {
    const s = strict.seal({ a: 1 }, BINDING, { createdAt: NOW, idleExpiresAt: NOW + 500_000, absoluteExpiresAt: NOW + 120_000 }, NOW);
    assert.equal(assertRejected(s, BINDING, NOW + 121_001, strict), 'expired_absolute');
  });

  test('T43 TO-06: expiry at now−skew is accepted, one ms earlier is rejected', () => {
    assert.ok(strict.open(sealed, BINDING, NOW + 60_000 + 1000).ok);
    assert.equal(assertRejected(sealed, BINDING, NOW + 60_000 + 1001, strict), 'expired_idle');
  });

  test('TO-06: a seal issued beyond the skew in the future is rejected', () => {
    const future = strict.seal({ a: 1 }, BINDING, { ...times, createdAt: NOW + 5000 }, NOW + 5000);
    assert.equal(assertRejected(future, BINDING, NOW, strict), 'not_yet_valid');
    assert.ok(strict.open(future, BINDING, NOW + 4000).ok);
  });

  test('T43 TO-06: negative, NaN or huge skew is refused at construction', () => {
    for (const clockSkewMs of [-1, Number.NaN, Infinity, 3_600_000]) {
      assert.throws(() => createSealer({ keys: [randomBytes(32)], clockSkewMs }), { code: 'ERR_SESSION_OPTIONS' });
    }
  });
});

describe('sealer key ring (KR-01..03)', () => {
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);

  test('T17 KR-01 KR-02: a seal from an older key opens and is flagged for re-sealing', () => {
    const old = createSealer({ keys: [k1] }).seal({ a: 1 }, BINDING, TIMES, NOW);
    const rotated = createSealer({ keys: [k2, k1] });
    const opened = rotated.open(old, BINDING, NOW);
    assert.ok(opened.ok);
    assert.equal(opened.stale, true);
    const resealed = rotated.seal(opened.data, BINDING, TIMES, NOW);
    const again = rotated.open(resealed, BINDING, NOW);
    assert.ok(again.ok);
    assert.equal(again.stale, false);
    assert.equal(again.keyId, rotated.keyRing.primaryId);
  });

  test('T17 KR-03: removing a key invalidates its seals at once', () => {
    const old = createSealer({ keys: [k1] }).seal({ a: 1 }, BINDING, TIMES, NOW);
    assert.equal(assertRejected(old, BINDING, NOW, createSealer({ keys: [k2] })), 'unknown_key');
  });

  test('KR-03: a map ring with the same id but a different key rejects the seal', () => {
    const old = createSealer({ keys: { a: k1 } }).seal({ a: 1 }, BINDING, TIMES, NOW);
    assert.equal(assertRejected(old, BINDING, NOW, createSealer({ keys: { a: k2 } })), 'bad_seal');
  });
});

describe('remembered message keys (#7)', () => {
  test('ST-05: the key cache changes nothing observable — tamper, eviction, other instances, other purposes', () => {
    const key = randomBytes(32);
    const own = createSealer({ keys: [key] });
    const first = own.seal({ n: 1 }, BINDING, TIMES, NOW);
    // Remembered from seal(): a flipped ciphertext byte with the same salt still fails authentication.
    const parts = first.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0]! ^= 1;
    assert.equal(assertRejected([...parts.slice(0, 4), body.toString('base64url')].join('.'), BINDING, NOW, own), 'bad_seal');
    // The same salt under another purpose derives another key: rejected, not opened with the cached one.
    assert.equal(assertRejected(first, { ...BINDING, purpose: 'other' }, NOW, own), 'bad_seal');
    // Evicted after more seals than the cache holds: still opens (derived again).
    for (let i = 0; i < 5000; i++) own.seal({ i }, BINDING, TIMES, NOW);
    const reopened = own.open(first, BINDING, NOW);
    assert.ok(reopened.ok);
    assert.deepEqual({ ...reopened.data }, { n: 1 });
    // A fresh instance with the same key, nothing remembered: opens the same seal.
    const other = createSealer({ keys: [key] }).open(first, BINDING, NOW);
    assert.ok(other.ok);
    assert.deepEqual({ ...other.data }, { n: 1 });
  });
});

describe('message key batches (ST-05)', () => {
  const parts = (sealed: string) => sealed.split('.') as [string, string, string, string, string];
  const draws = () => {
    const sizes: number[] = [];
    return { sizes, randomBytes: (size: number) => (sizes.push(size), randomBytes(size)) };
  };

  test('ST-05: a key seals at most SEALS_PER_KEY times, each seal with its own IV; the batch key is HKDF of its salt', () => {
    const source = draws();
    const key = randomBytes(32);
    const s = createSealer({ keys: [key], randomBytes: source.randomBytes });
    const salts = new Map<string, number>();
    const ivs = new Set<string>();
    let first = '';
    for (let i = 0; i < SEALS_PER_KEY + 2; i++) {
      const sealed = s.seal({ i }, BINDING, TIMES, NOW);
      if (i === 0) first = sealed;
      const [, , salt, iv] = parts(sealed);
      salts.set(salt, (salts.get(salt) ?? 0) + 1);
      ivs.add(iv);
    }
    assert.deepEqual([...salts.values()], [SEALS_PER_KEY, 2]);
    assert.equal(ivs.size, SEALS_PER_KEY + 2);
    // Salt and IV in one draw when a batch starts, the IV alone otherwise.
    assert.deepEqual(source.sizes.filter((n) => n === 28).length, 2);
    assert.deepEqual(source.sizes.filter((n) => n !== 28 && n !== 12), []);
    // Any other sealer with the ring key opens it: the key depends only on ring key, salt and purpose.
    const opened = createSealer({ keys: [key] }).open(first, BINDING, NOW);
    assert.ok(opened.ok);
    assert.deepEqual({ ...opened.data }, { i: 0 });
  });

  test('ST-05: a batch ends after KEY_LIFETIME_MS, when the clock goes back, and when the primary ring key changes; purposes never share one', () => {
    const salt = (s: ReturnType<typeof createSealer>, now: number, binding = BINDING) => parts(s.seal({}, binding, TIMES, now))[2];
    const s = createSealer({ keys: [randomBytes(32)] });
    const a = salt(s, NOW);
    assert.equal(salt(s, NOW + KEY_LIFETIME_MS - 1), a);
    const b = salt(s, NOW + KEY_LIFETIME_MS);
    assert.notEqual(b, a);
    assert.notEqual(salt(s, NOW + KEY_LIFETIME_MS - 1), b, 'a clock that went back starts a new batch');
    const other = salt(s, NOW + KEY_LIFETIME_MS, { ...BINDING, purpose: 'magic-link' });
    assert.notEqual(other, b);
    assert.notEqual(salt(s, NOW + KEY_LIFETIME_MS), other);

    const k1 = randomBytes(32);
    const k2 = randomBytes(32);
    const ring = { primary: 'one', keys: { one: k1, two: k2 } as Record<string, Buffer> };
    const rotating = createSealer({
      keys: {
        get primaryId() { return ring.primary; },
        ids: ['one', 'two'],
        get: (id: string) => ring.keys[id],
      } as never,
    });
    const before = rotating.seal({}, BINDING, TIMES, NOW);
    ring.primary = 'two';
    const after = rotating.seal({}, BINDING, TIMES, NOW);
    assert.notEqual(parts(after)[2], parts(before)[2], 'a new primary key starts its own batch');
    assert.equal(parts(after)[1], 'two');
    assert.ok(rotating.open(after, BINDING, NOW).ok);
    assert.ok(rotating.open(before, BINDING, NOW).ok);
  });
});
