/**
 * Sealer v1: authenticated encryption of a small JSON payload for a cookie.
 *
 * `v1.<kid>.<salt>.<iv>.<ciphertext‖tag>` (base64url parts). AES-256-GCM with a full 16-byte
 * tag (ST-01); the message key is HKDF-SHA256(ring key, 16 random salt bytes,
 * "satchel/seal/v1/<purpose>"), drawn anew for each bounded batch of seals, and every seal has its
 * own random 96-bit IV (ST-05, KR-04); version, key id,
 * cookie name, purpose and an optional context are the AAD (ST-02, ST-04). Issued-at and both
 * deadlines are inside the plaintext and checked before the data is handed out (TO-04, ST-03).
 * `open` never throws: every failure is `{ ok: false, reason }` (ST-07).
 */
import { SessionOptionsError } from '../errors.js';
import { pooledRandom } from './random.js';
import { TAG_BYTES, gcmOpen, gcmSeal } from './gcm.js';
import { IV_BYTES, SALT_BYTES, VERSION, createMaterialCache } from './seal-material.js';
import { base64urlLength, decodeBase64urlStrict, encodeBase64url, isStrictBase64url } from './seal-codec.js';
import { KEY_ID_PATTERN, createSealKeyRing, type SealKeyRing, type SealKeysInput } from './seal-keyring.js';

const SALT_CHARS = base64urlLength(SALT_BYTES);
const IV_CHARS = base64urlLength(IV_BYTES);
const MIN_BODY_CHARS = base64urlLength(TAG_BYTES + 2); // "{}" is the smallest plaintext
const RESERVED_KEYS = new Set(['__proto__']);

/** Why a seal did not open. Stable strings, safe to log (they never contain cookie bytes). */
export type SealRejectReason =
  | 'malformed'
  | 'too_large'
  | 'unknown_key'
  | 'bad_seal'
  | 'bad_payload'
  | 'not_yet_valid'
  | 'expired_idle'
  | 'expired_absolute';

/** Binds a seal to where it may be used: a seal made for one binding fails under any other. */
export interface SealBinding {
  /** Cookie name the value travels in. */
  name: string;
  /** What the seal is for, e.g. `session` or `magic-link`. */
  purpose: string;
  /** Extra authenticated context (the engine puts the chunk count here). @default '' */
  context?: string;
}

/** Times carried inside a seal, milliseconds since the epoch. */
export interface SealTimes {
  /** When the session began; the absolute deadline counts from here. */
  createdAt: number;
  /** Dead after this instant without a newer seal (idle timeout). */
  idleExpiresAt: number;
  /** Dead after this instant whatever happens (absolute timeout). */
  absoluteExpiresAt: number;
}

/** A seal that opened. `data` is built from null-prototype objects (ST-08). */
export interface SealOpened extends SealTimes {
  ok: true;
  data: Record<string, unknown>;
  issuedAt: number;
  keyId: string;
  /** True when a non-primary key opened it: re-seal with the primary (KR-02). */
  stale: boolean;
}

/** A seal that did not open. */
export interface SealRejected {
  ok: false;
  reason: SealRejectReason;
}

/** Options of {@link createSealer}. */
export interface SealerOptions {
  /** Key ring input: `[primary, ...older]` or `{ id: key }` with `primary`. */
  keys: SealKeysInput | SealKeyRing;
  /** Sealing id when `keys` is a map with more than one key. */
  primary?: string;
  /**
   * Tolerated clock difference between the servers that seal and open, in ms (TO-06).
   * @default 60000
   */
  clockSkewMs?: number;
  /**
   * Longest sealed string accepted, checked before any decoding (IN-03).
   * @default 16384
   */
  maxLength?: number;
  /** Random source (called once per seal: salt ‖ IV when a key batch starts, else the IV); only frozen test vectors replace it. @default a pooled crypto.randomFillSync */
  randomBytes?: (size: number) => Buffer;
}

/** Seals and opens values with one key ring. */
export interface Sealer {
  readonly keyRing: SealKeyRing;
  /** Seals `data` (a JSON object) for `binding`, issued at `now`. Throws only for data JSON cannot encode. */
  seal(data: object, binding: SealBinding, times: SealTimes, now: number): string;
  /**
   * {@link seal} for data the caller already serialized (the JSON text of an object), so a
   * caller that needs the JSON anyway does not pay for a second `JSON.stringify`.
   */
  sealJson(dataJson: string, binding: SealBinding, times: SealTimes, now: number): string;
  /** Opens a sealed string for `binding` at `now`; never throws. */
  open(sealed: unknown, binding: SealBinding, now: number): SealOpened | SealRejected;
}

/**
 * Reasons `open` gives before any key derivation or decryption (structure, size, key id): cheap
 * to produce whatever the input. Every other reason cost an HKDF and an AES-GCM open, which is
 * what a caller trying several candidate values must bound.
 */
export const CHEAP_REJECTIONS: ReadonlySet<SealRejectReason> = new Set(['malformed', 'too_large', 'unknown_key']);

const rejected = (reason: SealRejectReason): SealRejected => ({ ok: false, reason });

// A time as JSON writes it (`null` for a value that is not finite, like JSON.stringify): for a
// finite number JSON.stringify and String both use Number::toString, without the JSON call.
const int = (ms: number): string => (Number.isFinite(ms) ? String(Math.floor(ms)) : 'null');

// [[Set]] on a null-prototype target makes "__proto__" an ordinary own key, never a prototype.
// A walk over the parsed objects visits far fewer values than a JSON.parse reviver (which is
// called for every primitive too) and yields the same null-prototype tree.
function nullProto(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = nullProto(value[i]);
    return value;
  }
  const source = value as Record<string, unknown>;
  const out = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(source)) out[key] = nullProto(source[key]);
  return out;
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * Creates a sealer. Validates the keys now (ST-09): a weak key throws `SealKeyError`.
 *
 * @example
 * const sealer = createSealer({ keys: [process.env.SESSION_KEY!] });
 * const token = sealer.seal({ userId: 'u1' }, { name: 'login', purpose: 'magic-link' },
 *   { createdAt: now, idleExpiresAt: now + 900_000, absoluteExpiresAt: now + 900_000 }, now);
 */
export function createSealer(options: SealerOptions): Sealer {
  const keyRing = createSealKeyRing(options.keys, options.primary);
  const clockSkewMs = options.clockSkewMs ?? 60_000;
  const maxLength = options.maxLength ?? 16_384;
  const random = options.randomBytes ?? pooledRandom();
  const material = createMaterialCache();
  if (!Number.isFinite(clockSkewMs) || clockSkewMs < 0 || clockSkewMs > 300_000) {
    throw new SessionOptionsError('clockSkewMs must be a number of milliseconds between 0 and 300000');
  }
  if (!Number.isSafeInteger(maxLength) || maxLength < 64) throw new SessionOptionsError('maxLength must be an integer ≥ 64');

  function seal(data: object, binding: SealBinding, times: SealTimes, now: number): string {
    return sealJson(JSON.stringify(data), binding, times, now);
  }

  function sealJson(dataJson: string, binding: SealBinding, times: SealTimes, now: number): string {
    const keyId = keyRing.primaryId;
    const ringKey = keyRing.get(keyId) as Buffer;
    // Byte for byte what JSON.stringify({ iat, cat, exp, abs, d }) writes (the frozen vectors check it).
    // Handed to the cipher as text: it encodes as it encrypts, without an intermediate buffer.
    const plaintext = `{"iat":${int(now)},"cat":${int(times.createdAt)},"exp":${int(times.idleExpiresAt)},"abs":${int(times.absoluteExpiresAt)},"d":${dataJson}}`;
    const { batch, iv } = material.draw(ringKey, binding.purpose, now, random);
    const body = gcmSeal(batch.key, iv, material.aad(keyId, binding), plaintext);
    return `${VERSION}.${keyId}.${batch.saltText}.${encodeBase64url(iv)}.${encodeBase64url(body)}`;
  }

  function open(sealed: unknown, binding: SealBinding, now: number): SealOpened | SealRejected {
    // Structure first, crypto last: nothing here allocates more than the bounded input (ST-06).
    if (typeof sealed !== 'string' || sealed.length === 0) return rejected('malformed');
    if (sealed.length > maxLength) return rejected('too_large');
    const parts = sealed.split('.');
    if (parts.length !== 5) return rejected('malformed');
    const [version, keyId, saltText, ivText, bodyText] = parts as [string, string, string, string, string];
    if (version !== VERSION || !KEY_ID_PATTERN.test(keyId)) return rejected('malformed');
    if (saltText.length !== SALT_CHARS || ivText.length !== IV_CHARS || bodyText.length < MIN_BODY_CHARS) {
      return rejected('malformed');
    }
    // The salt is only decoded when its key is not remembered; its spelling is checked either way.
    if (!isStrictBase64url(saltText)) return rejected('malformed');
    const iv = decodeBase64urlStrict(ivText);
    const body = decodeBase64urlStrict(bodyText);
    if (!iv || !body) return rejected('malformed');
    const ringKey = keyRing.get(keyId);
    if (!ringKey) return rejected('unknown_key');

    let plaintext: string;
    try {
      plaintext = material.openWith(ringKey, saltText, binding.purpose, (messageKey) => gcmOpen(messageKey, iv, material.aad(keyId, binding), body));
    } catch {
      return rejected('bad_seal');
    }

    let payload: Record<string, unknown>;
    try {
      payload = nullProto(JSON.parse(plaintext)) as Record<string, unknown>;
    } catch {
      return rejected('bad_payload');
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return rejected('bad_payload');
    const { iat, cat, exp, abs, d } = payload;
    if (!isTime(iat) || !isTime(cat) || !isTime(exp) || !isTime(abs)) return rejected('bad_payload');
    // Deadlines before data (ST-03): an expired seal yields nothing, not even a peek.
    if (iat > now + clockSkewMs || cat > iat) return rejected('not_yet_valid');
    if (abs < now - clockSkewMs) return rejected('expired_absolute');
    if (exp < now - clockSkewMs) return rejected('expired_idle');
    if (d === null || typeof d !== 'object' || Array.isArray(d)) return rejected('bad_payload');
    const data = d as Record<string, unknown>;
    for (const key of RESERVED_KEYS) delete data[key];
    return {
      ok: true,
      data,
      issuedAt: iat,
      createdAt: cat,
      idleExpiresAt: exp,
      absoluteExpiresAt: abs,
      keyId,
      stale: keyId !== keyRing.primaryId,
    };
  }

  return Object.freeze({ keyRing, seal, sealJson, open });
}
