/**
 * `csrf()` for Fetch API handlers: `guard.token(loaded)` for a page, `await guard.check(request,
 * loaded)` before an action, rejecting with `SessionCsrfError` (status 403) for the app to answer.
 */
import { createCsrfCore } from '../../csrf/guard.js';
import type { CsrfOptions, CsrfSession } from '../../csrf/index.js';

/** What the guard reads the session from: the result of `load(request)` of either kind. */
export interface WebCsrfSessionHolder {
  readonly session: object | null;
}

/** Per check: the body the app already parsed, if any. */
export interface WebCsrfCheckOptions {
  /** The parsed body (`Object.fromEntries(await request.formData())`); read from a clone of a form request otherwise. */
  body?: unknown;
}

/** What `csrf()` returns. */
export interface WebCsrf {
  /** A CSRF token of the loaded session (a new one at each call, all valid); creates its secret. */
  token(loaded: WebCsrfSessionHolder): string;
  /** Resolves when `request` may pass; rejects with `SessionCsrfError` when it may not. */
  check(request: Request, loaded: WebCsrfSessionHolder, options?: WebCsrfCheckOptions): Promise<void>;
}

const FORM = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

async function formOf(request: Request): Promise<unknown> {
  if (!FORM.test(request.headers.get('content-type') ?? '') || request.bodyUsed) return undefined;
  try {
    // A clone, so the handler still reads the body it was sent.
    return Object.fromEntries(await request.clone().formData());
  } catch {
    return undefined;
  }
}

/**
 * CSRF protection bound to the session (synchronizer tokens), for `satchel/web`.
 *
 * @example
 * const sessions = session({ secret });
 * const guard = csrf();
 * export async function POST(request: Request) {
 *   const loaded = await sessions.load(request);
 *   await guard.check(request, loaded); // SessionCsrfError (403) for a forged post
 *   …
 * }
 */
export function csrf(options?: CsrfOptions<Request>): WebCsrf {
  const core = createCsrfCore(options);
  return {
    token: (loaded) => core.token(loaded.session as CsrfSession | null),
    async check(request, loaded, call = {}) {
      const url = new URL(request.url);
      if (!core.applies(request.method, request, url.pathname)) return;
      await core.check({
        req: request,
        method: request.method,
        path: url.pathname,
        header: (name) => request.headers.get(name) ?? undefined,
        own: url.origin,
        session: () => loaded.session as CsrfSession | null,
        body: () => ('body' in call ? call.body : formOf(request)),
      });
    },
  };
}
