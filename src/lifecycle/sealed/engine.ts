/**
 * Framework-free sealed cookie sessions: from a request's Cookie header and transport facts to
 * a `CookieSession` object, and from that object back to the Set-Cookie values to send.
 * Everything from the client goes through the sealer, so a bad cookie is an empty session and
 * an event, never an exception (ST-07, IN-04).
 */
import { CHEAP_REJECTIONS, type SealRejectReason } from '../../crypto/seal.js';
import { chunkName, partsContext, readChunks } from './chunks.js';
import { readCookieCandidates } from './cookie-io.js';
import type { CookieSessionEmit } from './events.js';
import { openLegacy } from './legacy.js';
import type { ResolvedCookieSessionOptions } from './options.js';
import { SealedRequest, type CookieSessionRequestOptions, type Loaded, type SealedRequestInfo } from './request.js';

/** Builds per-request state from the resolved options. */
export interface SealedEngine {
  readonly config: ResolvedCookieSessionOptions;
  /** Opens the request's cookies (and the legacy decoder), runs the revocation hook. */
  load(info: SealedRequestInfo, emit: CookieSessionEmit): SealedRequest | Promise<SealedRequest>;
}

/**
 * How many values of the session name may cost a key derivation and a decryption in one request.
 * A real browser rarely sends more than two (a stale cookie under another Path or Domain beside
 * the current one), while forged duplicates, up to the header parser's 64, would each cost an HKDF
 * and a failed AES-GCM open. Values rejected on structure alone do not count; the chunked seal is
 * tried whatever the count.
 */
export const MAX_SEAL_ATTEMPTS = 3;

/** Creates the engine for resolved options. */
export function createSealedEngine(config: ResolvedCookieSessionOptions): SealedEngine {
  // Not frozen: a frozen prototype's read-only properties would block per-request assignment.
  const baseOptions: CookieSessionRequestOptions = {
    ...config.cookie,
    idleTimeout: config.idleTimeout,
    absoluteTimeout: config.absoluteTimeout,
    rolling: config.rolling,
  };
  const loopbackAllowed = () => process.env.NODE_ENV !== 'production';

  // Synchronous unless an app hook (revoke, legacy decode) has to be awaited: opening a seal is
  // CPU work, so the usual request goes on in the same tick.
  function load(info: SealedRequestInfo, emit: CookieSessionEmit): SealedRequest | Promise<SealedRequest> {
    const { secure: secureOption } = config.cookie;
    const secureAttr = secureOption === 'auto' ? info.secure : secureOption;
    const name = secureAttr ? config.secureName : config.insecureName;
    const writable = secureAttr || secureOption === false || (info.localhost && loopbackAllowed());
    const candidates = readCookieCandidates(info.cookieHeader);
    const loaded: Loaded = {
      data: null,
      createdAt: null,
      absoluteExpiresAt: null,
      issuedAt: null,
      idleExpiresAt: null,
      stale: false,
      legacy: false,
      clearLegacy: false,
      usedNames: [],
      presentNames: [],
    };
    const opened = writable ? open(candidates, name, info, loaded, emit) : undefined;
    const make = () => new SealedRequest(config, { ...info, name, secureAttr, writable }, loaded, baseOptions, emit);
    return opened instanceof Promise ? opened.then(make) : make();
  }

  function open(
    candidates: ReturnType<typeof readCookieCandidates>,
    name: string,
    info: SealedRequestInfo,
    loaded: Loaded,
    emit: CookieSessionEmit,
  ): void | Promise<void> {
    const now = config.now();
    const attempts: Array<{ value: string; names: string[]; chunked?: true }> = [];
    const values = candidates.get(name);
    // Reported like session() does (IN-02, IN-04): a forged oversized or shadowing cookie is a signal.
    for (let i = candidates.oversized(name); i > 0; i--) emit('rejected', { reason: 'oversized' });
    if (values.length > 1) emit('rejected', { reason: 'duplicate' });
    for (const value of values) attempts.push({ value, names: [name] });
    if (candidates.has(name)) loaded.presentNames.push(name);
    if (config.maxChunks > 1) {
      for (let i = 0; i < 10; i++) if (candidates.has(chunkName(name, i))) loaded.presentNames.push(chunkName(name, i));
      const chunks = readChunks((n) => candidates.get(n), name, config.maxChunks);
      if (chunks.length > 0) {
        attempts.push({ value: chunks.join(''), names: chunks.map((_, i) => chunkName(name, i)), chunked: true });
      }
    }
    let firstFailure: SealRejectReason | null = null;
    let costly = 0;
    for (const attempt of attempts) {
      if (costly >= MAX_SEAL_ATTEMPTS && !attempt.chunked) continue;
      const context = partsContext(attempt.chunked ? attempt.names.length : 1);
      const result = config.sealer.open(attempt.value, { name, purpose: config.purpose, context }, now);
      if (!result.ok) {
        if (!CHEAP_REJECTIONS.has(result.reason)) costly++;
        firstFailure ??= result.reason;
        continue;
      }
      const meta = {
        createdAt: result.createdAt,
        issuedAt: result.issuedAt,
        idleExpiresAt: result.idleExpiresAt,
        absoluteExpiresAt: result.absoluteExpiresAt,
      };
      const accept = () => {
        loaded.data = result.data;
        loaded.createdAt = result.createdAt;
        loaded.absoluteExpiresAt = result.absoluteExpiresAt;
        loaded.issuedAt = result.issuedAt;
        loaded.idleExpiresAt = result.idleExpiresAt;
        loaded.stale = result.stale;
        loaded.usedNames = attempt.names;
      };
      if (!config.revoke) return accept();
      const revoke = config.revoke;
      // A hook that throws synchronously still fails the load as a rejection, never mid-request.
      return new Promise<boolean>((resolve) => resolve(revoke(result.data, meta))).then((revoked) => {
        if (revoked) emit('rejected', { reason: 'revoked' });
        else accept();
      });
    }
    if (firstFailure === 'expired_idle') emit('expired', { reason: 'idle' });
    else if (firstFailure === 'expired_absolute') emit('expired', { reason: 'absolute' });
    else if (firstFailure !== null) emit('rejected', { reason: firstFailure });
    if (config.legacy) {
      const input = { cookieHeader: info.cookieHeader ?? '', cookies: (n: string) => candidates.get(n), secure: info.secure };
      return openLegacy(config, input, loaded, emit, now);
    }
  }

  return Object.freeze({ config, load });
}
