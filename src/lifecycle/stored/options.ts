import { randomBytes } from 'node:crypto';
import type { SigningSecret } from '../../crypto/signer.js';
import { SessionOptionsError } from '../../errors.js';
import { storeOperation, resolveOperationTimeout } from '../../operation.js';
import type { SessionStore } from '../../types.js';
import { createAtRestCipher } from '../../crypto/at-rest.js';
import type { SealKeysInput } from '../../crypto/seal-keyring.js';
import { sealedAtRest } from './at-rest-store.js';
import { resolveCookieSettings } from './cookie-settings.js';
import type { CookieSettings, SessionCookieOptions } from './cookie-settings.js';
import { generateId, isCanonicalId, isExpressSessionId } from '../../crypto/ids.js';
import { resolveTimeouts, resolveTouchAfter } from '../timeouts.js';
import { resolveUserIdFrom } from './user-binding.js';
import { deriveEventKey, validateSecrets } from './secrets.js';
import { resolveStoredTenants, type PerTenantEncryptionOptions, type StoredTenants } from './tenant-options.js';
import type { PerTenant, TenantsOptions } from '../tenants.js';
import type { UserIdFrom } from './user-binding.js';
import type { SessionTimeouts, TimeoutsOption } from '../timeouts.js';
import type { SyncStoreCall, TelemetryOption } from '../telemetry-hooks.js';
import type { ActivityOption } from '../activity.js';

/**
 * Options of `session()`. Names follow express-session where it has them.
 * `Req` is the request type the cookie function and `genid` receive.
 */
export interface StoredSessionOptions<Req = unknown> {
  /**
   * Signing secret(s): at least 32 characters (or bytes) of randomness. With an array the first
   * signs and all verify; a cookie verified by an older secret is re-signed in the same response (KR-02).
   * A function `(tenant, req) => secret(s)` (or a promise of them) gives each tenant its own: it
   * needs `tenant`, runs once per tenant while the tenant is cached, and its result is checked
   * like a static secret (a bad one fails that request with `SessionTenantError`).
   */
  secret: SigningSecret | SigningSecret[] | PerTenant<Req, SigningSecret | SigningSecret[]>;
  /**
   * Names the request's tenant (multi-tenant apps): required when `secret` or `encryption.keys`
   * is a function of the tenant. Cookies and stored records of one tenant never open for another
   * when each has its own secret and keys; events carry the name as `tenant`.
   */
  tenant?: (req: Req) => string;
  /** How many tenants' derived keys are kept (LRU). @default { max: 1000 } */
  tenants?: TenantsOptions;
  /** A satchel store (has `create`/`update`) or an express-session callback store. @default new MemoryStore() */
  store?: SessionStore;
  /**
   * Cookie name. The default depends on the transport: `'__Host-sid'` on HTTPS (`'__Secure-sid'`
   * when `cookie.domain` or a path other than `/` is set), `'sid'` on plain HTTP so that
   * `http://localhost` works in development.
   * @default '__Host-sid' | '__Secure-sid' | 'sid'
   */
  name?: string;
  /** Cookie options, or a function deciding them per request (`'auto'` values work in both). */
  cookie?: SessionCookieOptions | ((req: Req) => SessionCookieOptions);
  /**
   * Server-side timeouts: a preset or `{ idle, absolute }` in ms. A "remember me" cookie
   * (`req.session.cookie.maxAge = M`) stretches both bounds to at least M for that session.
   * @default 'standard' (30 min idle, 12 h absolute)
   */
  timeouts?: TimeoutsOption;
  /** An unchanged session's `lastSeenAt` is written at most this often (TO-05). @default 60000 */
  touchAfter?: number;
  /** Re-send the cookie on every response of an existing session. @default false */
  rolling?: boolean;
  /**
   * Per-route activity: whether a request counts as the user's activity (README, "Per-route
   * activity"). `'passive'` (polling, health checks) reads the session but extends neither the
   * idle deadline nor the cookie; `'rolling'` re-issues the cookie and extends the deadline for
   * this response; `'active'` or `undefined` is the configured behaviour. A route can also call
   * `req.session.setActivity(…)`. Any other answer fails the request with `ERR_SESSION_VALUE`.
   * @example activity: (req) => (req.path === '/api/poll' ? 'passive' : undefined)
   */
  activity?: ActivityOption<Req>;
  /** Rewrite unchanged sessions on every request. @default false */
  resave?: boolean;
  /** Store and send a cookie for sessions nothing was written to. @default false (LC-06) */
  saveUninitialized?: boolean;
  /** What `req.session = null` (or `delete req.session`) does. @default 'destroy' */
  unset?: 'destroy' | 'keep';
  /** `true`: trust `X-Forwarded-Proto`; `false`: only a TLS socket; unset: `req.secure` (Express `trust proxy`). */
  proxy?: boolean;
  /** Custom id generator; its ids must carry ≥128 random bits. Requires `validateId`. */
  genid?: (req: Req) => string;
  /** Syntax check for ids from `genid` (run before any store call, SID-06). */
  validateId?: (id: string) => boolean;
  /** Read records written under raw (unhashed) ids and re-key them to SHA-256 on load. @default false */
  legacyUnhashedKeys?: boolean;
  /** `'error'`: a store failure reaches `next(err)`; `'anonymous'`: the request continues with a fresh unsaved session. @default 'error' */
  onStoreError?: 'error' | 'anonymous';
  /** Milliseconds a store call may take before `ERR_SESSION_STORE_TIMEOUT`. @default 5000 */
  operationTimeout?: number;
  /** Add `Cache-Control: no-store` to responses that set the session cookie (CK-10). @default true */
  cacheControl?: boolean;
  /**
   * Permit a non-Secure session cookie under NODE_ENV=production: `cookie.secure: false`, or
   * `'auto'` on a plain-HTTP request (otherwise such a write fails with `SessionCookieError`
   * `ERR_SESSION_INSECURE_COOKIE` through `next(err)`; behind a TLS proxy, set Express
   * `trust proxy` instead). @default false
   */
  allowInsecureCookie?: boolean;
  /**
   * Where the session's user comes from besides `login()`: a function of the session data
   * returning the user id (or null for "nobody"), or `false` for nothing. The default reads
   * Passport's `passport.user` (or its `id`), so `req.login()` binds the session to the user
   * for `listUserSessions()` and "log out other devices".
   * @default passportUser
   * @example userIdFrom: (data) => (data.auth as { uid?: string } | undefined)?.uid
   */
  userIdFrom?: UserIdFrom | false;
  /** Clock; tests inject one. @default Date.now */
  now?: () => number;
  /**
   * Seals every session value the store holds (AES-256-GCM, bound to the session and the key),
   * stores the user id as a keyed hash and the user agent sealed; expiry stays in the clear.
   * `keys` as `cookieSession()` takes them (`npx satchel keygen`): the first seals, all open.
   * Records written before it was on still read, each value sealed when it is next written.
   * `write: false` reads sealed records but writes plain ones again: the way to turn it off.
   */
  encryption?: EncryptionOptions | PerTenantEncryptionOptions<Req>;
  /**
   * OpenTelemetry metrics and spans (README "Telemetry"). `true`: load `@opentelemetry/api` when
   * it is installed (nothing is loaded when it is not); `false`: never; or the API module itself.
   * @default true
   */
  telemetry?: TelemetryOption;
}

/** The `encryption` option of `session()`. */
export interface EncryptionOptions {
  keys: SealKeysInput;
  /** With a `{ id: key }` map of several keys: the id that seals. */
  primary?: string;
  /** @default true */
  write?: boolean;
}

/**
 * Everything the engine does differently from express-session, as one object, so a compat
 * preset can pass express-session's values without forking the engine.
 * @internal
 */
export interface ResolvedOptions<Req = unknown> {
  secrets: SigningSecret[];
  store: SessionStore;
  /** Fixed name, or null for `__Host-sid` (secure) / `sid`. */
  name: string | null;
  cookie: (req: Req, requestSecure: boolean) => CookieSettings;
  timeouts: SessionTimeouts;
  /** TTL used when both timeouts are infinite. */
  fallbackTtl: number;
  touchAfter: number;
  rolling: boolean;
  resave: boolean;
  saveUninitialized: boolean;
  unset: 'destroy' | 'keep';
  proxy: boolean | undefined;
  genid: (req: Req) => string;
  validateId: (id: string) => boolean;
  legacyUnhashedKeys: boolean;
  onStoreError: 'error' | 'anonymous';
  cacheControl: boolean;
  /**
   * Refuse to issue a non-Secure session cookie (NODE_ENV=production without `allowInsecureCookie`,
   * CK-01): a write over plain HTTP fails with `SessionCookieError` instead.
   */
  refuseInsecureCookie: boolean;
  /** Reads the user id from the session data at commit; null when off. */
  userIdFrom: UserIdFrom | null;
  now: () => number;
  /** Wraps every store call with the deadline and typed errors. */
  call: <T>(operation: string, run: () => Promise<T>) => Promise<T>;
  /** Wraps the synchronous in-process store calls (`getSync` and the write twins) when something observes them; unset otherwise. */
  syncCall?: SyncStoreCall | null;
  /** Key for the keyed id hashes in events (derived, never the signing secret itself — KR-04). */
  eventKey: Buffer;
  /** The per-tenant secret and keys; null without a `tenant` option. */
  tenants: StoredTenants<Req> | null;
}

/** satchel's defaults, in one place. */
export const SESSION_DEFAULTS = Object.freeze({
  timeouts: 'standard' as const,
  touchAfter: 60_000,
  rolling: false,
  resave: false,
  saveUninitialized: false,
  unset: 'destroy' as const,
  legacyUnhashedKeys: false,
  onStoreError: 'error' as const,
  cacheControl: true,
  allowInsecureCookie: false,
  fallbackTtl: 24 * 3600 * 1000,
});

/** Switches for presets that must accept what satchel refuses by default (the express-session drop-in). */
export interface ResolveFlags {
  /** Accept short or well-known secrets (express-session accepts any). @default false */
  allowWeakSecret?: boolean;
}

function bool(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new SessionOptionsError(`${name} must be true or false, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Resolves and validates options once, at construction. `store` must already
 * be a satchel `SessionStore` here; the Express layer wraps callback stores and defaults it.
 */
export function resolveOptions<Req>(options: StoredSessionOptions<Req> & { store: SessionStore }, flags: ResolveFlags = {}): ResolvedOptions<Req> {
  if (options === null || typeof options !== 'object') throw new SessionOptionsError('session(options) needs an options object with at least { secret }');
  const tenants = resolveStoredTenants<Req>(options, flags.allowWeakSecret === true);
  // With a per-tenant secret every request signs with its tenant's; this one, which nobody
  // knows, only keeps the resolved options whole for the middleware-level engine.
  const secrets = typeof options.secret === 'function' ? [randomBytes(32)] : validateSecrets(options.secret, flags.allowWeakSecret === true);
  const production = process.env.NODE_ENV === 'production';
  const allowInsecureCookie = bool('allowInsecureCookie', options.allowInsecureCookie, SESSION_DEFAULTS.allowInsecureCookie);
  const name = options.name ?? null;
  if (name !== null && typeof name !== 'string') throw new SessionOptionsError('name must be a string');
  const cookieOption = options.cookie ?? {};
  const context = (requestSecure: boolean, perRequest = false) => ({ requestSecure, name, production, allowInsecureCookie, perRequest });
  let cookie: ResolvedOptions<Req>['cookie'];
  if (typeof cookieOption === 'function') {
    cookie = (req, requestSecure) => resolveCookieSettings(cookieOption(req) ?? {}, context(requestSecure, true));
  } else if (typeof cookieOption === 'object') {
    // Validate both transports now, so a bad combination fails at startup rather than per request.
    const secure = resolveCookieSettings(cookieOption, context(true));
    const plain = resolveCookieSettings(cookieOption, context(false));
    cookie = (_req, requestSecure) => (requestSecure ? secure : plain);
  } else {
    throw new SessionOptionsError('cookie must be an object or a function (req) => options');
  }
  const timeouts = resolveTimeouts(options.timeouts ?? SESSION_DEFAULTS.timeouts);
  const touchAfter = resolveTouchAfter(options.touchAfter ?? SESSION_DEFAULTS.touchAfter, timeouts.idle);
  const unset = options.unset ?? SESSION_DEFAULTS.unset;
  if (unset !== 'destroy' && unset !== 'keep') throw new SessionOptionsError('unset must be "destroy" or "keep"');
  const onStoreError = options.onStoreError ?? SESSION_DEFAULTS.onStoreError;
  if (onStoreError !== 'error' && onStoreError !== 'anonymous') throw new SessionOptionsError('onStoreError must be "error" or "anonymous"');
  if (options.genid !== undefined && typeof options.genid !== 'function') throw new SessionOptionsError('genid must be a function (req) => string');
  if (options.genid && typeof options.validateId !== 'function') {
    throw new SessionOptionsError('genid needs validateId (id) => boolean, so presented ids are checked before any store call');
  }
  const given = options.store;
  if (!given || typeof given.get !== 'function' || typeof given.create !== 'function' || typeof given.update !== 'function') {
    throw new SessionOptionsError('store must implement the satchel SessionStore contract (get/create/update/destroy/touch)');
  }
  const store = tenants?.encryption ? given : withEncryption(given, options.encryption as EncryptionOptions | undefined);
  let operationTimeout: number;
  try {
    operationTimeout = resolveOperationTimeout(options.operationTimeout);
  } catch (error) {
    throw new SessionOptionsError((error as Error).message);
  }
  return {
    secrets,
    store,
    name,
    cookie,
    timeouts,
    fallbackTtl: SESSION_DEFAULTS.fallbackTtl,
    touchAfter,
    rolling: bool('rolling', options.rolling, SESSION_DEFAULTS.rolling),
    resave: bool('resave', options.resave, SESSION_DEFAULTS.resave),
    saveUninitialized: bool('saveUninitialized', options.saveUninitialized, SESSION_DEFAULTS.saveUninitialized),
    unset,
    proxy: options.proxy === undefined ? undefined : bool('proxy', options.proxy, false),
    genid: options.genid ?? (() => generateId()),
    // Migrating users keep their express-session ids until the next rotation (login, regenerate).
    validateId: options.validateId ?? (options.legacyUnhashedKeys ? acceptLegacyIds : isCanonicalId),
    legacyUnhashedKeys: bool('legacyUnhashedKeys', options.legacyUnhashedKeys, SESSION_DEFAULTS.legacyUnhashedKeys),
    onStoreError,
    cacheControl: bool('cacheControl', options.cacheControl, SESSION_DEFAULTS.cacheControl),
    refuseInsecureCookie: production && !allowInsecureCookie,
    userIdFrom: resolveUserIdFrom(options.userIdFrom),
    now: options.now ?? Date.now,
    call: (operation, run) => storeOperation(operation, operationTimeout, run),
    eventKey: deriveEventKey(secrets[0]!),
    tenants,
  };
}

function withEncryption(store: SessionStore, encryption: EncryptionOptions | undefined): SessionStore {
  if (encryption === undefined) return store;
  if (encryption === null || typeof encryption !== 'object') throw new SessionOptionsError('encryption must be { keys: [key, ...older] }');
  const write = bool('encryption.write', encryption.write, true);
  return sealedAtRest(store, createAtRestCipher(encryption.keys, encryption.primary), { write });
}

function acceptLegacyIds(id: string): boolean {
  return isCanonicalId(id) || isExpressSessionId(id);
}
