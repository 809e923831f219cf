/**
 * Options of sealed cookie sessions: the public shape, the frozen defaults, and the one
 * validation pass that turns them into a resolved configuration at construction.
 */
import { SessionOptionsError } from '../../errors.js';
import type { Sealer } from '../../crypto/seal.js';
import type { TenantsOptions } from '../tenants.js';
import { resolveSealedKeys, type CookieSessionKeys, type SealedTenants } from './tenant-options.js';
import { cookieProblem, withoutPrefix } from '../../http/cookie-policy.js';
import type { TimeoutsOption } from '../timeouts.js';
import type { SealedCookieObserver, TelemetryOption } from '../telemetry-hooks.js';
import type { ActivityOption } from '../activity.js';
import { resolveCookieTimeouts } from './timeouts.js';

/** Data a revocation check sees about a sealed session (never the cookie itself). */
export interface SealedSessionMeta {
  /**
   * When the session began (login resets it through `regenerate`); 0 when unknown (upgraded from a
   * legacy cookie whose decoder gave no creation time), i.e. older than any cut-off.
   */
  createdAt: number;
  /** When this seal was made. */
  issuedAt: number;
  idleExpiresAt: number;
  absoluteExpiresAt: number;
}

/**
 * Reads a pre-satchel cookie (e.g. cookie-session's signed `session` + `session.sig`) so
 * existing users keep their session: it passes `revoke` and the absolute timeout like a seal,
 * its data is re-sealed in the same response (keeping its creation time), and the legacy
 * cookies are cleared.
 */
export interface LegacyDecoder {
  /**
   * Returns the legacy session, or null when there is none or it does not verify
   * (`readLegacyCookieSession(cookieHeader, …) ?? null` fits as it is). Must not throw for bad
   * input; a rejection is treated as "no legacy session".
   */
  decode(input: LegacyInput): LegacySession | null | undefined | Promise<LegacySession | null | undefined>;
  /** Cookie names to clear once a legacy cookie has been read (upgraded or refused). @default [] */
  clear?: readonly string[];
  /**
   * Refuse legacy cookies from this instant on (a `Date` or ms since the epoch): a verified one
   * then gives a fresh anonymous session, a `rejected` event (`legacy_expired`) and is cleared.
   * Set it: a legacy cookie carries no deadline of its own.
   */
  until?: Date | number;
}

/** A legacy session as a {@link LegacyDecoder} returns it. */
export interface LegacySession {
  /** The session data. */
  data: Record<string, unknown>;
  /**
   * When the session began (ms since the epoch or a Date), if the old format knows it. Without
   * it the session counts as created at 0 (older than any `revoke` cut-off) and its absolute
   * timeout runs from the upgrade, once: the seal carries that deadline.
   */
  createdAt?: number | Date;
}

/** What a {@link LegacyDecoder} receives. */
export interface LegacyInput {
  /** Raw `Cookie` request header ('' when absent). */
  cookieHeader: string;
  /** Raw values of every cookie with this exact name, in header order. */
  cookies(name: string): string[];
  /** Whether the request arrived over HTTPS. */
  secure: boolean;
}

/** Cookie attributes; each can also be overridden per request through `req.sessionOptions`. */
export interface CookieSessionCookieOptions {
  /** @default '/' */
  path?: string;
  /** No Domain by default (CK-06); a domain needs a `__Secure-` or unprefixed name. */
  domain?: string;
  /** `'auto'` = Secure exactly when the request is HTTPS (honours Express `trust proxy`). @default 'auto' */
  secure?: boolean | 'auto';
  /** @default true */
  httpOnly?: boolean;
  /** @default 'lax' */
  sameSite?: 'lax' | 'strict' | 'none';
  /** CHIPS `Partitioned`. @default false */
  partitioned?: boolean;
  /** Chromium `Priority`. */
  priority?: 'low' | 'medium' | 'high';
  /**
   * Send `Max-Age`/`Expires` (capped by the sealed deadlines, CK-09); false makes a browser-session cookie.
   * @default true
   */
  persistent?: boolean;
}

/** Options of `cookieSession()`; `Req` is the request the `activity` function receives. */
export interface CookieSessionOptions<Req = unknown> extends CookieSessionCookieOptions {
  /**
   * Key ring: `[primary, ...older]`, or `{ id: key }` with `primaryKey`. Keys: 32+ random bytes (`npx satchel keygen`).
   * A function `(tenant, req) => keys` (or a promise) gives each tenant its own ring, needs `tenant`, runs once per
   * cached tenant; a bad ring fails that request with `SessionTenantError`. `req`: the edge's request (Koa `ctx`, Hono `c.req.raw`).
   */
  keys: CookieSessionKeys;
  /** Names the request's tenant: required when `keys` is a function; events then carry `tenant`. */
  tenant?: (req: any) => string;
  /** How many tenants' key rings are kept (LRU). @default { max: 1000 } */
  tenants?: TenantsOptions;
  /** Sealing key id when `keys` is a map with more than one key. */
  primaryKey?: string;
  /**
   * Cookie name. Default `__Host-session` on HTTPS and `session` on plain-HTTP localhost during development.
   * A `__Host-`/`__Secure-` name loses its prefix on plain-HTTP localhost (browsers refuse it there).
   */
  name?: string;
  /**
   * Timeouts as `session()` takes them: a preset (`'standard'`, `'high'`, `'long-lived'`) or
   * `{ idle, absolute }` in ms. Idle: ms without a new seal before the session dies (TO-01);
   * absolute: ms after login/creation it dies whatever the activity (TO-02); at most 400 days.
   * @default 'standard' (30 min idle, 12 h absolute)
   */
  timeouts?: TimeoutsOption;
  /** The older name of `timeouts.idle` (not together with `timeouts`). @default 1_800_000 (30 min) */
  idleTimeout?: number;
  /** The older name of `timeouts.absolute` (not together with `timeouts`). @default 43_200_000 (12 h) */
  absoluteTimeout?: number;
  /**
   * true: re-seal on every response. false: re-seal when changed, or when `touchAfter` ms passed
   * since the last seal so an active reader is not logged out by the idle timeout (TO-05).
   * @default false
   */
  rolling?: boolean;
  /**
   * With `rolling: false`, how old a seal may get before a read-only request refreshes it, below
   * the idle timeout (the same setting as `session()`'s). @default half the idle timeout
   */
  touchAfter?: number;
  /**
   * Per-route activity: whether a request counts as the user's activity (README, "Per-route
   * activity"). `'passive'` (polling, health checks) reads the session but extends neither the
   * idle deadline nor the cookie; `'rolling'` re-issues the cookie and extends the deadline for
   * this response; `'active'` or `undefined` is the configured behaviour. A route can also call
   * `req.session.setActivity(…)`. Any other answer fails the request with `ERR_SESSION_VALUE`.
   * @example activity: (req) => (req.path === '/api/poll' ? 'passive' : undefined)
   */
  activity?: ActivityOption<Req>;
  /** Seal purpose bound into the AAD, so seals made for other purposes never open here (ST-02). @default 'session' */
  purpose?: string;
  /** Clock skew tolerated between servers (TO-06). @default 60_000 */
  clockSkew?: number;
  /**
   * Split a seal over `<name>.0`, `<name>.1`, … instead of failing with CookieTooLargeError (ST-10).
   * @default false
   */
  chunking?: boolean | { maxChunks?: number };
  /**
   * Logout-everywhere for stateless sessions (TM-06): return true to refuse a session, e.g. when
   * `meta.createdAt` is before the user's stored "not before" time. **Without it, logout is
   * client-side only**: a copied cookie stays valid until its sealed deadlines pass.
   */
  revoke?: (data: Readonly<Record<string, unknown>>, meta: SealedSessionMeta) => boolean | Promise<boolean>;
  /** Upgrade path from another cookie format; see {@link LegacyDecoder}. */
  legacy?: LegacyDecoder;
  /** Clock (tests inject one). @default Date.now */
  now?: () => number;
  /**
   * OpenTelemetry metrics (README "Telemetry"). `true`: load `@opentelemetry/api` when it is
   * installed (nothing is loaded when it is not); `false`: never; or the API module itself.
   * @default true
   */
  telemetry?: TelemetryOption;
}

/** The defaults, in one place. */
export const COOKIE_SESSION_DEFAULTS = Object.freeze({
  secureName: '__Host-session',
  insecureName: 'session',
  path: '/',
  secure: 'auto' as const,
  httpOnly: true,
  sameSite: 'lax' as const,
  partitioned: false,
  persistent: true,
  rolling: false,
  purpose: 'session',
  clockSkew: 60_000,
  maxChunks: 4,
});

/** Options after validation. */
export interface ResolvedCookieSessionOptions {
  sealer: Sealer;
  /** The per-tenant key rings; null without a `tenant` option. */
  tenants: SealedTenants | null;
  secureName: string;
  insecureName: string;
  cookie: Required<Omit<CookieSessionCookieOptions, 'domain' | 'priority'>> &
    Pick<CookieSessionCookieOptions, 'domain' | 'priority'>;
  idleTimeout: number;
  absoluteTimeout: number;
  rolling: boolean;
  touchAfter: number;
  purpose: string;
  maxChunks: number;
  revoke?: CookieSessionOptions['revoke'];
  legacy?: LegacyDecoder;
  now: () => number;
  /** NODE_ENV=production at construction: no cookie without Secure, whatever `req.sessionOptions` says. */
  requireSecure: boolean;
  /** Told the size of every session cookie written, when something observes it (telemetry). */
  cookieWritten?: SealedCookieObserver | null;
}

/** How `cookieSession()` lets an app fix a non-Secure cookie in production (it has no opt-out). */
export const COOKIE_SESSION_INSECURE_ADVICE = "keep secure: 'auto' or true and serve HTTPS (behind a TLS proxy, set Express 'trust proxy'); cookieSession() has no opt-out";

function fail(message: string): never {
  throw new SessionOptionsError(`cookieSession: ${message}`);
}

/** Validates options and fills defaults. Throws `SessionOptionsError` with a fix-it message. */
export function resolveCookieSessionOptions<Req>(options: CookieSessionOptions<Req>): ResolvedCookieSessionOptions {
  if (options === null || typeof options !== 'object') fail('options are required, at least { keys }');
  const d = COOKIE_SESSION_DEFAULTS;
  const { idle: idleTimeout, absolute: absoluteTimeout, touchAfter } = resolveCookieTimeouts(options);
  const clockSkew = options.clockSkew ?? d.clockSkew;
  if (typeof clockSkew !== 'number' || !Number.isFinite(clockSkew) || clockSkew < 0 || clockSkew > 300_000) {
    fail('clockSkew must be between 0 and 300000 ms');
  }
  const purpose = options.purpose ?? d.purpose;
  if (typeof purpose !== 'string' || purpose.length === 0 || purpose.length > 64) fail('purpose must be a non-empty string');

  const secure = options.secure ?? d.secure;
  if (secure !== true && secure !== false && secure !== 'auto') fail("secure must be true, false or 'auto'");
  const sameSite = options.sameSite ?? d.sameSite;
  if (!['lax', 'strict', 'none'].includes(sameSite)) fail("sameSite must be 'lax', 'strict' or 'none'");
  const path = options.path ?? d.path;
  const domain = options.domain;

  let secureName: string = d.secureName;
  let insecureName: string = d.insecureName;
  if (options.name !== undefined) {
    if (typeof options.name !== 'string' || options.name.length > 200) fail('name must be a cookie token of at most 200 characters');
    secureName = options.name;
    // Browsers refuse a prefixed cookie on plain HTTP, whatever the prefix's letter case.
    insecureName = withoutPrefix(options.name);
    if (insecureName.length === 0) fail('name needs more than a prefix');
  } else if (secure === false) {
    // An explicitly insecure cookie cannot carry a prefix the browser would refuse.
    secureName = insecureName;
  } else if (domain !== undefined || path !== '/') {
    // __Host- forbids Domain and any path but "/" (CK-04).
    secureName = '__Secure-session';
  }
  // The cookie as it goes out over HTTPS and over plain HTTP, through the same policy that
  // checks req.sessionOptions per request; the production rule is decided by the transport then.
  const cookie = {
    path,
    domain,
    httpOnly: options.httpOnly ?? d.httpOnly,
    sameSite,
    partitioned: options.partitioned ?? d.partitioned,
    priority: options.priority,
  };
  const requireSecure = process.env.NODE_ENV === 'production';
  const problem =
    cookieProblem({ ...cookie, name: secureName, secure: secure !== false }, { requireSecure, insecureAdvice: COOKIE_SESSION_INSECURE_ADVICE }) ??
    cookieProblem({ ...cookie, name: insecureName, secure: secure === true }, { requireSecure: false });
  if (problem !== null) fail(problem.message);

  let maxChunks = 1;
  if (options.chunking) {
    maxChunks = options.chunking === true ? d.maxChunks : (options.chunking.maxChunks ?? d.maxChunks);
    if (!Number.isSafeInteger(maxChunks) || maxChunks < 2 || maxChunks > 8) fail('chunking.maxChunks must be between 2 and 8');
  }
  if (options.revoke !== undefined && typeof options.revoke !== 'function') fail('revoke must be a function');
  if (options.legacy !== undefined && typeof options.legacy?.decode !== 'function') fail('legacy.decode must be a function');
  const until = options.legacy?.until;
  if (until !== undefined && !((until instanceof Date || typeof until === 'number') && Number.isFinite(+until))) {
    fail('legacy.until must be a Date or a time in ms since the epoch');
  }

  const { sealer, tenants } = resolveSealedKeys(options, clockSkew, maxChunks, fail);
  return {
    sealer,
    tenants,
    secureName,
    insecureName,
    cookie: { ...cookie, secure, persistent: options.persistent ?? d.persistent },
    requireSecure,
    idleTimeout,
    absoluteTimeout,
    rolling: options.rolling ?? d.rolling,
    touchAfter,
    purpose,
    maxChunks,
    revoke: options.revoke,
    legacy: options.legacy,
    now: options.now ?? Date.now,
  };
}
