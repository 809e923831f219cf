/**
 * The framework-free core of `csrf()`: which requests are checked, where the token is read, the
 * session's secret, and the verdict. The session is any object whose enumerable keys are its
 * data (both kinds are), read anew at every call: `regenerate()` and `login()` replace it.
 */
import { NoSessionError, SessionCsrfError } from '../errors.js';
import { originRefusal } from './origin.js';
import { resolveCsrfOptions, type CsrfOptions, type CsrfSettings } from './options.js';
import { CSRF_SECRET_KEY, createSecret, createToken, isSecret, verifyToken } from './token.js';

/** A session as the core sees it: its data keys (`csrfSecret` among them once a token was made). */
export type CsrfSession = Record<string, unknown>;

/** What an edge tells the core about one request. */
export interface CsrfRequest<Req> {
  /** The framework's request (what `value` and `exempt` functions receive). */
  req: Req;
  method: string;
  /** The path without the query string. */
  path: string;
  /** A request header (lower-case name), joined if repeated. */
  header(name: string): string | undefined;
  /** The request's own origin (`https://example.com`), if the edge knows it. */
  own: string | undefined;
  /** The session now, or null/undefined when the request has none. */
  session(): CsrfSession | null | undefined;
  /** The parsed body, if the framework parsed one (read only when no header carried the token). */
  body(): unknown | Promise<unknown>;
}

export interface CsrfCore<Req> {
  readonly settings: CsrfSettings<Req>;
  /** Whether this request must carry a token (unsafe method, route not exempt). */
  applies(method: string, req: Req, path: string): boolean;
  /** A token of the session, creating its secret on first use (the session then has a change to save). */
  token(session: CsrfSession | null | undefined): string;
  /** Resolves when the request may pass; rejects with `SessionCsrfError` when it may not. */
  check(request: CsrfRequest<Req>): Promise<void>;
}

function noSession(): NoSessionError {
  return new NoSessionError(
    'csrf() found no session on this request: register session() or cookieSession() before csrf(), and do not end the session before asking for a token',
  );
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Builds the core; the options are validated here, so a mistake fails at startup. */
export function createCsrfCore<Req>(options?: CsrfOptions<Req>): CsrfCore<Req> {
  const settings = resolveCsrfOptions(options);

  async function presented(request: CsrfRequest<Req>): Promise<string | undefined> {
    if (settings.value) return stringOf(await settings.value(request.req));
    for (const name of settings.headers) {
      const value = stringOf(request.header(name));
      if (value !== undefined) return value;
    }
    const body = await request.body();
    if (typeof body === 'object' && body !== null && Object.hasOwn(body, settings.field)) {
      return stringOf((body as Record<string, unknown>)[settings.field]);
    }
    return undefined;
  }

  return {
    settings,
    applies(method, req, path) {
      return !settings.ignoreMethods.has(method.toUpperCase()) && !settings.exempt(req, path);
    },
    token(session) {
      if (typeof session !== 'object' || session === null) throw noSession();
      let secret = session[CSRF_SECRET_KEY];
      if (!isSecret(secret)) {
        secret = createSecret();
        session[CSRF_SECRET_KEY] = secret;
      }
      return createToken(secret as string);
    },
    async check(request) {
      if (settings.originCheck) {
        const refusal = originRefusal(
          { fetchSite: request.header('sec-fetch-site'), origin: request.header('origin'), own: request.own },
          settings,
        );
        if (refusal) throw new SessionCsrfError(refusal);
      }
      const session = request.session();
      if (typeof session !== 'object' || session === null) throw noSession();
      const secret = session[CSRF_SECRET_KEY];
      if (!isSecret(secret)) throw new SessionCsrfError('no-secret');
      const token = await presented(request);
      if (token === undefined) throw new SessionCsrfError('missing-token');
      if (!verifyToken(secret, token)) throw new SessionCsrfError('invalid-token');
    },
  };
}
