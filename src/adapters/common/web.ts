/**
 * What every edge on the Fetch API (`Request` in, `Response` out) does the same way: the request
 * facts a session opens with, and the commit that puts the session's cookies on a `Response`.
 * Used by `satchel/web` and `satchel/hono`, on Node, Bun, Deno and workers alike.
 */
import { NOTHING, type Outcome, type RequestHandle } from '../../lifecycle/request-handle.js';
import { mergeSessionCookies, type HeaderTarget } from '../../http/set-cookie-header.js';
import { PROXY_OPTION_ADVICE, isLoopbackHost, warnIfForwardedHttps, type SessionWarning } from '../../http/secure.js';
import type { SealedRequest } from '../../lifecycle/sealed/request.js';
import type { SealedSessions } from './sealed.js';

/** What a Web edge reads from a `Request` before the session opens. */
export interface WebFacts {
  cookieHeader: string | undefined;
  userAgent: string | null;
  /** HTTPS by the URL, or by the first `X-Forwarded-Proto` when `proxy` is true. */
  secure: boolean;
  /** The URL's host is a loopback name (localhost development over plain HTTP). */
  loopback: boolean;
  /** Plain HTTP by the URL while the request claims `X-Forwarded-Proto: https` that `proxy` does not trust. */
  untrustedForwardedHttps: boolean;
}

function firstForwardedProto(request: Request): string | undefined {
  return request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase();
}

/**
 * The facts of a Web request. There is no socket to look at: the URL is the runtime's word on
 * the scheme (Node servers through @hono/node-server build an `http:` URL for plain sockets),
 * and `proxy: true` trusts the first `X-Forwarded-Proto` as Express's `trust proxy` would.
 */
export function webFacts(request: Request, proxy: boolean | undefined): WebFacts {
  const url = new URL(request.url);
  const forwarded = url.protocol !== 'https:' && proxy !== false ? firstForwardedProto(request) : undefined;
  const secure = url.protocol === 'https:' || (proxy === true && forwarded === 'https');
  return {
    cookieHeader: request.headers.get('cookie') ?? undefined,
    userAgent: request.headers.get('user-agent'),
    secure,
    loopback: isLoopbackHost(url.hostname),
    untrustedForwardedHttps: !secure && proxy === undefined && forwarded === 'https',
  };
}

/** Warns once per unit (`owner`) about an `X-Forwarded-Proto: https` that `proxy` did not trust. */
export function warnUntrustedForwardedHttps(owner: object, api: string, emit: (warning: SessionWarning) => boolean): void {
  warnIfForwardedHttps(owner, api, { headers: { 'x-forwarded-proto': 'https' } }, emit, PROXY_OPTION_ADVICE);
}

/**
 * `mergeSessionCookies`' view of Web `Headers`: Set-Cookie read with `getSetCookie()` and written
 * as separate lines (a joined Set-Cookie value is not one cookie per line any more).
 */
function headerTarget(headers: Headers): HeaderTarget {
  return {
    getHeader: (name) => (name === 'set-cookie' ? headers.getSetCookie() : (headers.get(name) ?? undefined)),
    setHeader(name, value) {
      if (typeof value === 'string' || typeof value === 'number') {
        headers.set(name, String(value));
        return;
      }
      headers.delete(name);
      for (const line of value) headers.append(name, line);
    },
  };
}

/** Puts an outcome on `headers`; throws a TypeError when the headers are immutable. */
export function applyOutcome(headers: Headers, outcome: Outcome): void {
  mergeSessionCookies(headerTarget(headers), outcome.setCookie, outcome.cacheControl);
}

/**
 * The outcome on a response: in place when its headers can change, else on a copy.
 * `Response.redirect()`, `Response.error()` and `fetch()` results have immutable headers; the
 * merge fails on its first write (the delete), so the original is left as it was.
 */
export function withOutcome(response: Response, outcome: Outcome): Response {
  if (outcome.setCookie.length === 0) return response;
  try {
    applyOutcome(response.headers, outcome);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  // An error response (status 0) cannot be rebuilt, nor carry cookies: it goes as it is.
  if (response.type === 'error') return response;
  const copy = new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
  applyOutcome(copy.headers, outcome);
  return copy;
}

/**
 * Runs the handle's commit and answers what to put on the response. A failure rejects with the
 * typed error, unless the handle says the response may go on without the session
 * (`onStoreError: 'anonymous'` and a store failure): then nothing is added.
 */
export function commitHandle(handle: RequestHandle): Outcome | Promise<Outcome> {
  let outcome: Outcome | Promise<Outcome>;
  try {
    outcome = handle.commit();
  } catch (error) {
    if (handle.failed(error)) return NOTHING;
    throw error;
  }
  if (!(outcome instanceof Promise)) return outcome;
  return outcome.catch((error: unknown) => {
    if (handle.failed(error)) return NOTHING;
    throw error;
  });
}

/** Opens a Web request's sealed session; `unit` is what the forwarded-HTTPS warning is reported once for. */
export function openSealed(kit: SealedSessions<Request>, unit: object, request: Request, proxy: boolean | undefined): SealedRequest | Promise<SealedRequest> {
  const facts = webFacts(request, proxy);
  if (facts.untrustedForwardedHttps) warnUntrustedForwardedHttps(unit, 'cookieSession()', kit.warn);
  return kit.open({ cookieHeader: facts.cookieHeader, secure: facts.secure, loopback: facts.loopback }, request);
}
