import { readRawCookie } from './cookie-jar.js';
import { toSigner, type KeygripLike, type SigningKey } from './keys.js';
import { decodeSession } from './session.js';

/** Where an existing cookie-session 2.x deployment keeps its cookie, and how it signs it. */
export interface LegacyCookieSessionOptions {
  /** @default 'session' */
  name?: string;
  /** The deployment's `keys` (array or Keygrip-like). */
  keys?: SigningKey[] | KeygripLike;
  /** The deployment's `secret`, used when `keys` is absent. */
  secret?: SigningKey;
  /** `false` if the deployment ran with `signed: false` (then anything is accepted). @default true */
  signed?: boolean;
}

/** A cookie-session cookie that verified and decoded. */
export interface LegacyCookieSession {
  /** The session data: own keys of the decoded JSON object, prototype-polluting keys dropped. */
  data: Record<string, unknown>;
  /** Index of the key that verified it (0 = current); -1 when read unsigned. */
  keyIndex: number;
  /** The cookie names to expire once the session has moved to a new format. */
  cookieNames: string[];
}

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a cookie-session 2.x cookie from a Cookie header without a response: for upgrading
 * users (read the old signed cookie, answer with a new one, expire `cookieNames`). Returns
 * `undefined` for a missing, unsigned, badly signed or undecodable cookie; never throws on input.
 *
 * The result is a `LegacySession` as sealed `cookieSession({ legacy })` expects it; cookie-session
 * stores no creation time, so the upgraded session counts as created at 0 (add `createdAt` from
 * your data if you kept one).
 *
 * @example
 * cookieSession({ keys, legacy: {
 *   decode: ({ cookieHeader }) => readLegacyCookieSession(cookieHeader, { keys: ['k1', 'k0'] }) ?? null,
 *   clear: ['session', 'session.sig'],
 *   until: new Date('2026-09-01'),
 * } });
 */
export function readLegacyCookieSession(
  cookieHeader: string | undefined,
  options: LegacyCookieSessionOptions,
): LegacyCookieSession | undefined {
  const name = options.name || 'session';
  const keys = options.keys ?? (options.secret ? [options.secret] : undefined);
  const signed = options.signed ?? true;
  const value = readRawCookie(cookieHeader, name);
  if (!value) return undefined;

  let keyIndex = -1;
  if (signed) {
    if (!keys) return undefined;
    const sig = readRawCookie(cookieHeader, `${name}.sig`);
    if (!sig) return undefined;
    keyIndex = toSigner(keys).index(`${name}=${value}`, sig);
    if (keyIndex < 0) return undefined;
  }

  let decoded: unknown;
  try {
    decoded = decodeSession(value);
  } catch {
    return undefined;
  }
  const data: Record<string, unknown> = Object.create(null);
  if (decoded && typeof decoded === 'object' && !Array.isArray(decoded)) {
    for (const [key, entry] of Object.entries(decoded)) {
      if (!UNSAFE_KEYS.has(key)) data[key] = entry;
    }
  }
  return { data, keyIndex, cookieNames: signed ? [name, `${name}.sig`] : [name] };
}
