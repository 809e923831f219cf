import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSealer } from '../../src/crypto/seal.js';
import { createSealKeyRing, type SealKeyRing } from '../../src/crypto/seal-keyring.js';
import { createSealedEngine, MAX_SEAL_ATTEMPTS } from '../../src/lifecycle/sealed/engine.js';
import { resolveCookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { newKey } from './helpers.js';

/**
 * A real key ring that counts the lookups that hand out a key: the sealer asks for the key only
 * once a value has passed every structural check, right before HKDF and AES-GCM, so the count is
 * the number of cryptographic opens.
 */
function countingRing(): { ring: SealKeyRing; opens: () => number; reset: () => void } {
  const real = createSealKeyRing({ k1: newKey() });
  let count = 0;
  const ring: SealKeyRing = {
    primaryId: real.primaryId,
    ids: real.ids,
    get(id) {
      const key = real.get(id);
      if (key) count++;
      return key;
    },
  };
  return { ring, opens: () => count, reset: () => (count = 0) };
}

const b64 = (bytes: number) => randomBytes(bytes).toString('base64url');
/** Passes every structural check with the ring's key id; only the AES-GCM tag can refuse it. */
const forgedSeal = () => `v1.k1.${b64(16)}.${b64(12)}.${b64(80)}`;

function setup(chunking = false) {
  const now = 1_700_000_000_000;
  const counting = countingRing();
  const config = resolveCookieSessionOptions({ keys: counting.ring, chunking, now: () => now });
  const engine = createSealedEngine(config);
  const sealer = createSealer({ keys: counting.ring });
  const times = { createdAt: now, idleExpiresAt: now + 60_000, absoluteExpiresAt: now + 60_000 };
  const seal = (data: object, context = 'parts=1') => sealer.seal(data, { name: 'session', purpose: 'session', context }, times, now);
  const load = async (cookieHeader: string) => {
    counting.reset();
    const reasons: string[] = [];
    const state = await engine.load({ cookieHeader, secure: false, localhost: true }, (event, payload) => {
      if (event === 'rejected') reasons.push((payload as { reason: string }).reason);
    });
    return { data: { ...state.session }, opens: counting.opens(), reasons };
  };
  return { seal, load };
}

describe('duplicate sealed cookies (audit L3)', () => {
  test('audit L3: 64 forged seals with a valid key id cost at most MAX_SEAL_ATTEMPTS decryptions, not 64', async () => {
    const { load } = setup();
    const header = Array.from({ length: 64 }, () => `session=${forgedSeal()}`).join('; ');
    const got = await load(header);
    assert.equal(got.opens, MAX_SEAL_ATTEMPTS);
    assert.ok(MAX_SEAL_ATTEMPTS <= 3);
    assert.deepEqual(got.data, {});
    assert.deepEqual(got.reasons, ['duplicate', 'bad_seal']);
  });

  test('audit L3: values refused on structure alone do not use up the attempts', async () => {
    const { seal, load } = setup();
    const junk = Array.from({ length: 40 }, (_, i) => `session=${i % 2 ? 'garbage' : 'v1.unknownkid.' + b64(16) + '.' + b64(12) + '.' + b64(80)}`);
    const got = await load([...junk, `session=${seal({ user: 'ann' })}`].join('; '));
    assert.deepEqual(got.data, { user: 'ann' });
    assert.equal(got.opens, 1, 'only the real seal reached the cipher');
  });

  test('audit L3: a real seal behind fewer than MAX_SEAL_ATTEMPTS forged ones still wins (IN-02 order kept)', async () => {
    const { seal, load } = setup();
    const forged = Array.from({ length: MAX_SEAL_ATTEMPTS - 1 }, () => `session=${forgedSeal()}`);
    const got = await load([...forged, `session=${seal({ user: 'ann' })}`].join('; '));
    assert.deepEqual(got.data, { user: 'ann' });
    assert.equal(got.opens, MAX_SEAL_ATTEMPTS);
  });

  test('audit L3: with chunking, 64 forged single seals do not keep the chunked seal from opening', async () => {
    const { seal, load } = setup(true);
    const whole = seal({ user: 'ann' }, 'parts=2');
    const half = Math.ceil(whole.length / 2);
    const forged = Array.from({ length: 64 }, () => `session=${forgedSeal()}`);
    const got = await load([...forged, `session.0=${whole.slice(0, half)}`, `session.1=${whole.slice(half)}`].join('; '));
    assert.deepEqual(got.data, { user: 'ann' });
    assert.equal(got.opens, MAX_SEAL_ATTEMPTS + 1);
  });
});
