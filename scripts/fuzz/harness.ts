/**
 * Drives a session middleware in-process with a minimal request and response: no socket, no
 * HTTP parser, so a million Cookie headers take minutes rather than hours. Both `session()`
 * and `cookieSession()` only touch the surface modelled here.
 */

/** What one request through the middleware produced. */
export interface DriveOutcome {
  /** Something thrown synchronously out of the middleware call (must never happen). */
  thrown: unknown;
  /** Errors the middleware handed to `next(err)`, in order. */
  nextErrors: unknown[];
  /** `req.session` as JSON after the handler ran (null when the middleware never called next). */
  data: Record<string, unknown> | null;
  /** Set-Cookie values of the response. */
  setCookies: string[];
  /** Whether the response ended normally. */
  ended: boolean;
}

/** Transport facts of the fake request. */
export interface FakeTransport {
  /** Host header (cookieSession writes over plain HTTP only for loopback hosts). @default 'localhost' */
  host?: string;
  /** `req.secure` as Express would set it. @default false */
  secure?: boolean;
}

type Next = (error?: unknown) => void;
/** Any Express-style middleware; typed loosely because the two middlewares declare different req types. */
export type AnyMiddleware = (req: never, res: never, next: Next) => void;

/** The response surface both middlewares patch (`end`, `writeHead`, `write`, header accessors). */
export class FakeResponse {
  statusCode = 200;
  headersSent = false;
  ended = false;
  private readonly headers = new Map<string, number | string | string[]>();
  private onEnd: () => void = () => {};
  readonly finished = new Promise<void>((resolve) => (this.onEnd = resolve));

  getHeader(name: string): number | string | string[] | undefined {
    return this.headers.get(name.toLowerCase());
  }
  setHeader(name: string, value: number | string | readonly string[]): this {
    if (this.headersSent) throw new Error('ERR_HTTP_HEADERS_SENT (fake response)');
    this.headers.set(name.toLowerCase(), Array.isArray(value) ? [...value] : (value as number | string));
    return this;
  }
  getHeaderNames(): string[] {
    return [...this.headers.keys()];
  }
  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
  writeHead(status: number): this {
    this.statusCode = status;
    this.headersSent = true;
    return this;
  }
  write(_chunk: unknown): boolean {
    if (!this.headersSent) this.writeHead(this.statusCode);
    return true;
  }
  end(..._args: unknown[]): this {
    if (!this.headersSent) this.writeHead(this.statusCode);
    this.ended = true;
    this.onEnd();
    return this;
  }
  /** Set-Cookie values as a list. */
  cookies(): string[] {
    const value = this.headers.get('set-cookie');
    return value === undefined ? [] : Array.isArray(value) ? value : [String(value)];
  }
}

/**
 * Runs one request: middleware, then `handler` on `req.session` (an app's route), then
 * `res.end()` (the commit). Resolves when the response ended or an error reached `next`.
 */
export async function drive(
  middleware: AnyMiddleware,
  cookieHeader: string | string[] | undefined,
  handler: (session: Record<string, unknown>) => void = () => {},
  transport: FakeTransport = {},
): Promise<DriveOutcome> {
  const host = transport.host ?? 'localhost';
  const headers: Record<string, string | string[] | undefined> = { host };
  if (cookieHeader !== undefined) headers.cookie = cookieHeader;
  const secure = transport.secure ?? false;
  const req = { headers, secure, hostname: host, socket: { encrypted: secure }, method: 'GET', url: '/' } as Record<string, unknown>;
  const res = new FakeResponse();
  const outcome: DriveOutcome = { thrown: undefined, nextErrors: [], data: null, setCookies: [], ended: false };
  let signal: () => void = () => {};
  const settled = new Promise<void>((resolve) => (signal = resolve));
  let handled = false;
  const next: Next = (error) => {
    if (error !== undefined) {
      outcome.nextErrors.push(error);
      signal();
      return;
    }
    if (handled) return;
    handled = true;
    try {
      const session = req.session as Record<string, unknown> | null;
      if (session) handler(session);
      outcome.data = session ? (JSON.parse(JSON.stringify(session)) as Record<string, unknown>) : null;
      res.end();
    } catch (error) {
      outcome.thrown = error;
      signal();
    }
  };
  try {
    middleware(req as never, res as never, next);
  } catch (error) {
    outcome.thrown = error;
    return outcome;
  }
  await Promise.race([settled, res.finished]);
  outcome.ended = res.ended;
  outcome.setCookies = res.cookies();
  return outcome;
}
