/**
 * A minimal HTTP client for the reliability runs: one cookie per "browser", updated from every
 * response like a browser would, and a per-request deadline so a hung request is counted as
 * such instead of stalling the run.
 */

export interface Reply {
  status: number;
  body: Record<string, unknown>;
  /** `name=value` of the cookie the response set, `''` when it cleared it, undefined when untouched. */
  cookie: string | undefined;
  /** Milliseconds from send to the full body. */
  ms: number;
  /** No answer within the deadline (status 0). */
  hung: boolean;
  /** The connection failed (status 0): the server is gone, not slow. */
  refused: boolean;
  /** The `x-worker` header: which process answered. */
  worker: string | null;
}

function cookieFrom(headers: Headers, name: string): string | undefined {
  for (const line of headers.getSetCookie()) {
    const pair = line.split(';')[0]!;
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq) !== name) continue;
    const expired = /max-age=0(;|$)/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line);
    return expired || eq === pair.length - 1 ? '' : pair;
  }
  return undefined;
}

/** Sends one request with `cookie` (a `name=value` pair) and reports what came back; never throws. */
export async function send(base: string, method: string, path: string, cookie: string | undefined, cookieName: string, deadlineMs = 30_000): Promise<Reply> {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deadlineMs);
  try {
    const response = await fetch(base + path, { method, headers: cookie ? { cookie } : {}, signal: controller.signal });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      body = { text };
    }
    return { status: response.status, body, cookie: cookieFrom(response.headers, cookieName), ms: performance.now() - started, hung: false, refused: false, worker: response.headers.get('x-worker') };
  } catch (error) {
    const hung = controller.signal.aborted;
    return { status: 0, body: { error: String((error as Error)?.cause ?? error) }, cookie: undefined, ms: performance.now() - started, hung, refused: !hung, worker: null };
  } finally {
    clearTimeout(timer);
  }
}

/** One user: a cookie that follows every response. */
export class Browser {
  cookie: string | undefined;

  constructor(
    private readonly cookieName: string,
    private readonly deadlineMs = 30_000,
  ) {}

  async request(base: string, method: string, path: string): Promise<Reply> {
    const reply = await send(base, method, path, this.cookie, this.cookieName, this.deadlineMs);
    if (reply.cookie !== undefined) this.cookie = reply.cookie || undefined;
    return reply;
  }
}
