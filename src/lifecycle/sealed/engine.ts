/**
 * Framework-free sealed cookie sessions: from a request's Cookie header and transport facts to
 * a `CookieSession` object, and from that object back to the Set-Cookie values to send.
 * Everything from the client goes through the sealer, so a bad cookie is an empty session and
 * an event, never an exception (ST-07, IN-04).
 */
import { CHEAP_REJECTIONS, type SealBinding, type SealOpened, type SealRejectReason } from '../../crypto/seal.js';
import { chunkName, partsContext, readChunks } from './chunks.js';
import { readCookieCandidates, type CookieCandidates } from './cookie-io.js';
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
  // The single-cookie binding of each name is the same on every request: built once, not per open.
  const single = new Map<string, SealBinding>();
  for (const name of [config.secureName, config.insecureName]) {
    single.set(name, Object.freeze({ name, purpose: config.purpose, context: partsContext(1) }));
  }
  const bindingFor = (name: string, parts: number): SealBinding =>
    (parts === 1 ? single.get(name) : undefined) ?? { name, purpose: config.purpose, context: partsContext(parts) };

  // Synchronous unless an app hook (revoke, legacy decode) has to be awaited: opening a seal is
  // CPU work, so the usual request goes on in the same tick.
  function load(info: SealedRequestInfo, emit: CookieSessionEmit): SealedRequest | Promise<SealedRequest> {
    const { secure: secureOption } = config.cookie;
    const secureAttr = secureOption === 'auto' ? info.secure : secureOption;
    const name = secureAttr ? config.secureName : config.insecureName;
    const writable = secureAttr || secureOption === false || (info.localhost && process.env.NODE_ENV !== 'production');
    const loaded: Loaded = {
      data: null,
      createdAt: null,
      absoluteExpiresAt: null,
      issuedAt: null,
      idleExpiresAt: null,
      stale: false,
      legacy: false,
      clearLegacy: false,
      usedNames: NO_NAMES,
      presentNames: NO_NAMES,
    };
    const opened = writable ? open(readCookieCandidates(info.cookieHeader), name, info, loaded, emit) : undefined;
    const facts = { cookieHeader: info.cookieHeader, secure: info.secure, localhost: info.localhost, name, secureAttr, writable };
    if (opened instanceof Promise) return opened.then(() => new SealedRequest(config, facts, loaded, baseOptions, emit));
    return new SealedRequest(config, facts, loaded, baseOptions, emit);
  }

  function open(candidates: CookieCandidates, name: string, info: SealedRequestInfo, loaded: Loaded, emit: CookieSessionEmit): void | Promise<void> {
    const now = config.now();
    // Values as read, not copied: only looked at here.
    const values = candidates.values(name);
    // Reported like session() does (IN-02, IN-04): a forged oversized or shadowing cookie is a signal.
    for (let i = candidates.oversized(name); i > 0; i--) emit('rejected', { reason: 'oversized' });
    if (values.length > 1) emit('rejected', { reason: 'duplicate' });
    if (candidates.has(name)) loaded.presentNames = [name];
    let chunks: string[] = NO_NAMES;
    if (config.maxChunks > 1) {
      for (let i = 0; i < 10; i++) {
        if (candidates.has(chunkName(name, i))) (loaded.presentNames === NO_NAMES ? (loaded.presentNames = []) : loaded.presentNames).push(chunkName(name, i));
      }
      chunks = readChunks((n) => candidates.get(n), name, config.maxChunks);
    }
    let firstFailure: SealRejectReason | null = null;
    let costly = 0;
    // The values of the name, in header order, then the reassembled chunks (tried whatever the count).
    for (let i = 0, attempts = values.length + (chunks.length > 0 ? 1 : 0); i < attempts; i++) {
      const chunked = i === values.length;
      if (costly >= MAX_SEAL_ATTEMPTS && !chunked) continue;
      const value = chunked ? chunks.join('') : (values[i] as string);
      const result = config.sealer.open(value, bindingFor(name, chunked ? chunks.length : 1), now);
      if (!result.ok) {
        if (!CHEAP_REJECTIONS.has(result.reason)) costly++;
        firstFailure ??= result.reason;
        continue;
      }
      const names = chunked ? chunks.map((_, index) => chunkName(name, index)) : [name];
      if (!config.revoke) return accept(loaded, result, names);
      const revoke = config.revoke;
      const meta = {
        createdAt: result.createdAt,
        issuedAt: result.issuedAt,
        idleExpiresAt: result.idleExpiresAt,
        absoluteExpiresAt: result.absoluteExpiresAt,
      };
      // A hook that throws synchronously still fails the load as a rejection, never mid-request.
      return new Promise<boolean>((resolve) => resolve(revoke(result.data, meta))).then((revoked) => {
        if (revoked) emit('rejected', { reason: 'revoked' });
        else accept(loaded, result, names);
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

// Shared empty name list of a request that sent none: replaced, never pushed to.
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

function accept(loaded: Loaded, result: SealOpened, names: string[]): void {
  loaded.data = result.data;
  loaded.createdAt = result.createdAt;
  loaded.absoluteExpiresAt = result.absoluteExpiresAt;
  loaded.issuedAt = result.issuedAt;
  loaded.idleExpiresAt = result.idleExpiresAt;
  loaded.stale = result.stale;
  loaded.usedNames = names;
}
