import { randomBytes } from 'node:crypto';
import { cookieProblem, optionsError } from '../../http/cookie-policy.js';
import { secretWeakness, weakSecretMessage } from '../../crypto/secret-strength.js';
import type { SigningSecret } from '../../crypto/signer.js';
import { SessionOptionsError } from '../../errors.js';
import { toExpressStore } from '../../stores/kit/express-interop.js';
import type { SessionStore } from '../../types.js';
import { Store } from './store-base.js';
import type { CookieOptions } from './cookie.js';
import { keyedStore } from './keyed-store.js';
import { MemoryStore } from './memory-store.js';
import type { SessionRequest } from './session.js';
import { MEMORY_STORE_WARNING, deprecate } from './warnings.js';

/** Options of the drop-in `session()`: express-session 1.19's, plus opt-in satchel features. */
export interface ExpressSessionOptions {
  /** Signing secret(s): the first signs, all verify. Falls back to `req.secret` (cookie-parser). */
  secret?: SigningSecret | SigningSecret[];
  /** Cookie name. @default 'connect.sid' */
  name?: string;
  /** Deprecated alias of `name`. */
  key?: string;
  /** An express-session store, or a satchel store (adapted with `toExpressStore`). @default new MemoryStore() */
  store?: object;
  /** Cookie options, or a function of the request returning them (1.19). */
  cookie?: CookieOptions | ((req: SessionRequest) => CookieOptions);
  /** Session id generator. @default 24 random bytes, base64url (32 characters) */
  genid?: (req: SessionRequest) => string;
  /** Save unmodified sessions on every request. @default true, with a deprecation warning when left out */
  resave?: boolean;
  /** Save and cookie sessions nothing was written to. @default true, with a deprecation warning when left out */
  saveUninitialized?: boolean;
  /** Re-send the cookie on every response. @default false */
  rolling?: boolean;
  /** `true`: trust `X-Forwarded-Proto`; `false`: TLS socket only; unset: `req.secure`. */
  proxy?: boolean;
  /** What `req.session = null` does to the stored session. @default 'keep' */
  unset?: 'destroy' | 'keep';
  /**
   * satchel (opt-in): store sessions under SHA-256(sid) instead of the raw id, so a store dump
   * cannot be replayed as cookies (SID-05). Existing raw-keyed sessions are not found.
   * @default false
   */
  hashIds?: boolean;
  /**
   * satchel (opt-in): what a request does while the store has emitted `disconnect`. `'next'` is
   * express-session's silent `next()` with no `req.session`; `'error'` passes a
   * `SessionStoreError` (`ERR_SESSION_STORE`) to `next`, so the outage is visible.
   * @default 'next'
   */
  onDisconnect?: 'next' | 'error';
  /**
   * satchel (opt-in): satchel's safer defaults for every option left undefined: `resave: false`,
   * `saveUninitialized: false`, `unset: 'destroy'`, and cookie `httpOnly`, `sameSite: 'lax'`,
   * `secure: 'auto'` (object form). No deprecation warnings. Ids stay unhashed (see `hashIds`).
   * A weak `secret` (short, repetitive, a published example) is refused with `SessionOptionsError`.
   * @default false
   */
  secureDefaults?: boolean;
}

/** The options after express-session's defaulting and checks. @internal */
export interface DropInOptions {
  name: string;
  secrets: SigningSecret[] | undefined;
  /** The store as the app passed it (or the default MemoryStore): events and `generate` go here. */
  store: Store;
  /** The store the session reads and writes through (a hashing view when `hashIds`). */
  sessionStore: Store;
  cookie: CookieOptions | ((req: SessionRequest) => CookieOptions);
  genid: (req: SessionRequest) => string;
  resave: boolean;
  saveUninitialized: boolean;
  rolling: boolean;
  proxy: boolean | undefined;
  unsetDestroy: boolean;
  onDisconnect: 'next' | 'error';
}

/** uid-safe's `uid.sync(24)`: 24 CSPRNG bytes as unpadded base64url, 32 characters. */
export function generateSessionId(): string {
  return randomBytes(24).toString('base64url');
}

function isSatchelStore(store: object): store is SessionStore {
  const s = store as Partial<SessionStore> & { set?: unknown };
  return typeof s.create === 'function' && typeof s.update === 'function' && typeof s.set !== 'function';
}

/**
 * Applies express-session 1.19's defaults and construction-time checks, with its messages
 * (`genid option must be a function`, `unset option must be "destroy" or "keep"`,
 * `secret option array must contain one or more strings`). A missing secret is only a
 * warning: the request fails later unless `req.secret` is set.
 */
export function resolveDropInOptions(options: ExpressSessionOptions = {}): DropInOptions {
  const opts = options?.secureDefaults ? withSecureDefaults(options) : (options ?? {});
  const genid = opts.genid ?? generateSessionId;
  if (typeof genid !== 'function') throw new TypeError('genid option must be a function');
  let resave = opts.resave;
  if (resave === undefined) {
    deprecate('undefined resave option; provide resave option');
    resave = true;
  }
  let saveUninitialized = opts.saveUninitialized;
  if (saveUninitialized === undefined) {
    deprecate('undefined saveUninitialized option; provide saveUninitialized option');
    saveUninitialized = true;
  }
  if (opts.unset && opts.unset !== 'destroy' && opts.unset !== 'keep') throw new TypeError('unset option must be "destroy" or "keep"');
  const secret = opts.secret;
  if (Array.isArray(secret) && secret.length === 0) throw new TypeError('secret option array must contain one or more strings');
  const secrets = secret ? (Array.isArray(secret) ? secret : [secret]) : undefined;
  if (!secrets) deprecate('req.secret; provide secret option');
  if (options?.secureDefaults && secrets) refuseWeakSecrets(secrets);
  if (options?.secureDefaults) refuseBadCookie(opts.name || opts.key || 'connect.sid', opts.cookie);
  let store = (opts.store ?? new MemoryStore()) as Store;
  if (isSatchelStore(store)) store = toExpressStore(store, { Store: Store as never }) as unknown as Store;
  if (process.env.NODE_ENV === 'production' && store instanceof MemoryStore) console.warn(MEMORY_STORE_WARNING);
  return {
    name: opts.name || opts.key || 'connect.sid',
    secrets,
    store,
    sessionStore: opts.hashIds ? keyedStore(store) : store,
    cookie: opts.cookie || {},
    genid,
    resave: Boolean(resave),
    saveUninitialized: Boolean(saveUninitialized),
    rolling: Boolean(opts.rolling),
    proxy: opts.proxy,
    unsetDestroy: opts.unset === 'destroy',
    onDisconnect: opts.onDisconnect ?? 'next',
  };
}

// express-session signs with anything; the opt-in applies satchel's secret policy, which a
// `secret` shared with a running express-session deployment may fail: rotate it, or leave the opt-in off.
function refuseWeakSecrets(secrets: readonly unknown[]): void {
  secrets.forEach((secret, index) => {
    if (typeof secret !== 'string' && !Buffer.isBuffer(secret)) return;
    const reason = secretWeakness(secret);
    const label = secrets.length > 1 ? `session({ secureDefaults }): secret[${index}]` : 'session({ secureDefaults }): secret';
    if (reason !== null) throw new SessionOptionsError(weakSecretMessage(label, reason));
  });
}

// The opt-in's cookie goes through satchel's cookie policy at startup (prefixes in any letter
// case, SameSite=None without Secure), for the object form over HTTPS and over plain HTTP.
function refuseBadCookie(name: string, cookie: ExpressSessionOptions['cookie']): void {
  if (typeof cookie !== 'object' || cookie === null) return;
  const sameSite = (secure: boolean) => {
    const value = cookie.sameSite;
    if (value === 'auto') return secure ? 'none' : 'lax';
    if (value === true) return 'strict';
    return typeof value === 'string' ? (value.toLowerCase() as 'lax' | 'strict' | 'none') : false;
  };
  const base = { name, path: cookie.path ?? '/', domain: cookie.domain };
  const overHttps = cookie.secure !== false;
  const overHttp = cookie.secure === true;
  const problem =
    cookieProblem({ ...base, secure: overHttps, sameSite: sameSite(true) }, { requireSecure: false }) ??
    cookieProblem({ ...base, secure: overHttp, sameSite: sameSite(false) }, { requireSecure: false });
  if (problem !== null) throw optionsError(problem, 'session({ secureDefaults }): ');
}

// Defaults fill only what the app left undefined; options are read through the prototype chain.
function withSecureDefaults(options: ExpressSessionOptions): ExpressSessionOptions {
  const cookie = options.cookie;
  return {
    ...pick(options),
    resave: options.resave ?? false,
    saveUninitialized: options.saveUninitialized ?? false,
    unset: options.unset ?? 'destroy',
    cookie: typeof cookie === 'function' ? cookie : { httpOnly: true, sameSite: 'lax', secure: 'auto', ...pick(cookie ?? {}) },
  };
}

function pick<T extends object>(value: T): T {
  const out = {} as Record<string, unknown>;
  for (const key in value) out[key] = (value as Record<string, unknown>)[key];
  return out as T;
}
