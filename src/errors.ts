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
  | 'ERR_SESSION_DESTROYED';

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

/** A sealed cookie's name and value exceed 4096 bytes (CK-07). */
export class CookieTooLargeError extends SessionError {
  readonly size: number;
  readonly limit: number;

  constructor(size: number, limit = 4096) {
    super(
      'ERR_SESSION_COOKIE_TOO_LARGE',
      `the session cookie would be ${size} bytes (name + value), over the ${limit}-byte limit browsers keep; ` +
        'store less in the session, use a server-side store, or enable chunking',
    );
    this.name = 'CookieTooLargeError';
    this.size = size;
    this.limit = limit;
  }
}

/** True for any error satchel created. */
export function isSessionError(value: unknown): value is SessionError {
  return value instanceof SessionError;
}
