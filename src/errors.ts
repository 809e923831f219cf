/**
 * satchel's error tree. Callers branch on `code`, never on messages; the codes are stable.
 */

export type SessionErrorCode =
  | 'ERR_SESSION_OPTIONS'
  | 'ERR_SESSION_STORE'
  | 'ERR_SESSION_STORE_TIMEOUT'
  | 'ERR_SESSION_STORE_UNSUPPORTED'
  | 'ERR_SESSION_CONFLICT'
  | 'ERR_SESSION_HEADERS_SENT'
  | 'ERR_SESSION_COOKIE_TOO_LARGE'
  | 'ERR_SESSION_DESTROYED'
  | 'ERR_SESSION_VALUE'
  | 'ERR_SESSION_INSECURE_COOKIE'
  | 'ERR_SESSION_COOKIE_INVALID'
  | 'ERR_SESSION_CSRF'
  | 'ERR_SESSION_TENANT'
  | 'ERR_SESSION_MISSING';

/** Base class of every error satchel throws or rejects with. */
export class SessionError extends Error {
  readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SessionError';
    this.code = code;
  }
}

/** Invalid options, thrown at construction with a message that says how to fix them. */
export class SessionOptionsError extends SessionError {
  constructor(message: string) {
    super('ERR_SESSION_OPTIONS', message);
    this.name = 'SessionOptionsError';
  }
}

/**
 * A store could not do what was asked: the backend failed (`ERR_SESSION_STORE`, driver error
 * as `cause`), did not answer in time (`ERR_SESSION_STORE_TIMEOUT`) or lacks the operation
 * (`ERR_SESSION_STORE_UNSUPPORTED`).
 */
export class SessionStoreError extends SessionError {
  /** The store operation that failed, e.g. `get`, `update`, `prune`. */
  readonly operation: string;

  constructor(
    operation: string,
    message: string,
    options?: {
      cause?: unknown;
      code?: 'ERR_SESSION_STORE' | 'ERR_SESSION_STORE_TIMEOUT' | 'ERR_SESSION_STORE_UNSUPPORTED';
    },
  ) {
    super(options?.code ?? 'ERR_SESSION_STORE', message, { cause: options?.cause });
    this.name = 'SessionStoreError';
    this.operation = operation;
  }
}

/** A save found the session gone: destroyed or rotated by another request meanwhile (TM-03). */
export class SessionConflictError extends SessionError {
  constructor(message = 'the session was destroyed or rotated by another request; the save was not applied') {
    super('ERR_SESSION_CONFLICT', message);
    this.name = 'SessionConflictError';
  }
}

/**
 * A sealed cookie's name and value exceed 4096 bytes (CK-07), or, with chunking, more than
 * `chunks` cookies of that size could carry.
 */
export class CookieTooLargeError extends SessionError {
  readonly size: number;
  /** Bytes one cookie may hold (name + value). */
  readonly limit: number;
  /** Cookies the seal could be split over: 1 without chunking, `chunking.maxChunks` with it. */
  readonly chunks: number;

  constructor(size: number, limit = 4096, chunks = 1) {
    // Only advice the app can still follow: chunking when it is off, more chunks below the cap of 8.
    const detail =
      chunks <= 1
        ? `over the ${limit}-byte limit browsers keep; store less in the session, use a server-side store, or enable chunking`
        : chunks < 8
          ? `more than ${chunks} cookies of ${limit} bytes can carry; store less in the session, use a server-side store, or raise chunking.maxChunks (at most 8)`
          : `more than ${chunks} cookies of ${limit} bytes (the most chunking splits into) can carry; store less in the session or use a server-side store`;
    super('ERR_SESSION_COOKIE_TOO_LARGE', `the session cookie would be ${size} bytes (name + value), ${detail}`);
    this.name = 'CookieTooLargeError';
    this.size = size;
    this.limit = limit;
    this.chunks = chunks;
  }
}

/**
 * A session value that JSON cannot carry as it is: a BigInt, a cycle, a Map or Set (which JSON
 * would turn into `{}`), a function or symbol. Nothing was stored; `key` names the top-level key.
 */
export class SessionValueError extends SessionError {
  /** The top-level session key holding the value. */
  readonly key: string;
  /** Where inside that value, as a dotted path (`''` for the value itself). */
  readonly path: string;

  constructor(key: string, path: string, what: string, options?: { cause?: unknown }) {
    const where = path === '' ? `session key "${key}"` : `session key "${key}" at ${path}`;
    super(
      'ERR_SESSION_VALUE',
      `${where} holds ${what}, which cannot be stored as JSON; store plain objects, arrays, strings, finite numbers, booleans or null (convert Maps/Sets to arrays, BigInts and Dates to strings)`,
      options,
    );
    this.name = 'SessionValueError';
    this.key = key;
    this.path = path;
  }
}

/**
 * A cookie change made while serving a request was refused: a non-Secure cookie where only a
 * Secure one is allowed (`ERR_SESSION_INSECURE_COOKIE`), or cookie attributes that are not valid
 * (`ERR_SESSION_COOKIE_INVALID`). Startup options get `SessionOptionsError` instead.
 */
export class SessionCookieError extends SessionError {
  constructor(code: 'ERR_SESSION_INSECURE_COOKIE' | 'ERR_SESSION_COOKIE_INVALID', message: string) {
    super(code, message);
    this.name = 'SessionCookieError';
  }
}

/** Why `csrf()` refused a request; stable, like the codes. */
export type CsrfRejectReason =
  /** `Sec-Fetch-Site: cross-site` (or `same-site` without `allowSameSite`). */
  | 'cross-site'
  /** An `Origin` header that is neither the request's own origin nor in `origins`. */
  | 'origin'
  /** The session holds no CSRF secret: no page of this session ever asked for a token. */
  | 'no-secret'
  /** The request carried no token. */
  | 'missing-token'
  /** The token does not belong to this session. */
  | 'invalid-token';

/**
 * `csrf()` refused an unsafe request (status 403): the framework's error path receives it, so an
 * app answers it in its error handler, branching on `code` (and `reason` to log why).
 */
export class SessionCsrfError extends SessionError {
  readonly reason: CsrfRejectReason;
  /** 403, read by Express, Koa and http-errors style handlers. */
  readonly status = 403;
  /** 403, read by Fastify's error handler and connect. */
  readonly statusCode = 403;
  /** The message names no secret, so Koa may show it (its default hides 5xx messages only). */
  readonly expose = true;

  constructor(reason: CsrfRejectReason) {
    super('ERR_SESSION_CSRF', csrfMessage(reason));
    this.name = 'SessionCsrfError';
    this.reason = reason;
  }
}

function csrfMessage(reason: CsrfRejectReason): string {
  switch (reason) {
    case 'cross-site':
      return 'CSRF check failed: the browser says this request came from another site (Sec-Fetch-Site)';
    case 'origin':
      return 'CSRF check failed: the request came from an origin this app does not accept (Origin header)';
    case 'no-secret':
      return 'CSRF check failed: the session has no CSRF secret; render the form with csrfToken() first';
    case 'missing-token':
      return 'CSRF check failed: the request carried no CSRF token';
    case 'invalid-token':
      return 'CSRF check failed: the CSRF token does not belong to this session';
  }
}

/**
 * A per-tenant setup could not serve a tenant: the `tenant` function gave no usable name, or the
 * tenant's `secret` / `keys` / `encryption.keys` function threw or returned a value the startup
 * rules refuse (weak secret, bad key: the original error is the `cause`), or a management call
 * lacked `{ tenant }`. `tenant` names the tenant when one was known.
 */
export class SessionTenantError extends SessionError {
  readonly tenant: string | undefined;

  constructor(message: string, options?: { cause?: unknown; tenant?: string }) {
    super('ERR_SESSION_TENANT', message, { cause: options?.cause });
    this.name = 'SessionTenantError';
    this.tenant = options?.tenant;
  }
}

/**
 * A helper that works on the request's session (flash messages) ran where there is none: the
 * session middleware is not installed before it, or the session was ended (cookieSession logout).
 */
export class NoSessionError extends SessionError {
  constructor(message: string) {
    super('ERR_SESSION_MISSING', message);
    this.name = 'NoSessionError';
  }
}

/** True for any error satchel created. */
export function isSessionError(value: unknown): value is SessionError {
  return value instanceof SessionError;
}
