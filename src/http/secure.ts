/** Minimal request shape the adapters read (Express 4/5, HTTP/2 compat). */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  secure?: boolean;
  socket?: { encrypted?: boolean } | null;
  session?: unknown;
  sessionID?: string;
  sessionStore?: unknown;
}

/**
 * Which signal besides a TLS socket makes a request HTTPS:
 * - `true`: the first `X-Forwarded-Proto`, trusted outright (the `proxy: true` option);
 * - `false`: none, TLS only (`proxy: false`);
 * - `undefined`: Express's `trust proxy` setting, worked out as Express's `req.secure` would
 *   (`session()`, `cookieSession()`);
 * - `'secure'`: the `req.secure` the app has, even one it overrode (express-session, `proxy` unset);
 * - `'protocol'`: `req.protocol === 'https'`, as the `cookies` package under cookie-session reads it.
 */
export type ForwardedRule = boolean | undefined | 'secure' | 'protocol';

/** What {@link isSecure} reads: the adapters' RequestLike and Node's IncomingMessage both fit. */
export interface SchemeRequest {
  headers: RequestLike['headers'];
  secure?: boolean;
  // `object`, not `{ encrypted?: boolean }`: a net.Socket shares no property with that type.
  socket?: object | null;
}

/**
 * Whether the request reached the app over HTTPS: TLS on the socket, or what `rule` trusts
 * besides. The one test behind every Secure cookie decision of both modes and both drop-ins.
 */
export function isSecure(req: SchemeRequest, rule: ForwardedRule): boolean {
  if ((req.socket as { encrypted?: boolean } | null | undefined)?.encrypted) return true;
  if (rule === false) return false;
  if (rule === 'protocol') return (req as { protocol?: unknown }).protocol === 'https';
  if (rule === 'secure') return req.secure === true;
  if (rule === true) return forwardedProto(req) === 'https';
  const app = (req as { app?: { get?(setting: string): unknown } }).app;
  const trust = app?.get?.('trust proxy fn');
  const socket = req.socket;
  if (typeof trust !== 'function' || !socket) return req.secure === true;
  // Express's req.secure re-parses the peer address (proxy-addr/ipaddr) on every call, a few
  // percent of a request; the peer of a socket never changes, so its trust is asked once.
  let known = trustedPeers.get(socket);
  if (known === undefined || known.trust !== trust) {
    known = { trust, trusted: Boolean(trust((socket as { remoteAddress?: string }).remoteAddress, 0)) };
    trustedPeers.set(socket, known);
  }
  if (!known.trusted) return false;
  // As Express reads it: the first X-Forwarded-Proto value from a trusted peer.
  const header = req.headers['x-forwarded-proto'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return false;
  const comma = value.indexOf(',');
  return (comma === -1 ? value : value.slice(0, comma)).trim() === 'https';
}

/** The first `X-Forwarded-Proto` value, lower-cased, as the proxy-trusting rules read it. */
function forwardedProto(req: { headers: RequestLike['headers'] }): string | undefined {
  const header = req.headers['x-forwarded-proto'];
  return (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
}

const trustedPeers = new WeakMap<object, { trust: unknown; trusted: boolean }>();

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** A loopback host name (localhost development), where browsers keep Secure cookies over plain HTTP. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host) || host.endsWith('.localhost');
}

/**
 * The request is for a loopback host name (localhost development), where browsers keep Secure
 * cookies even over plain HTTP. Express's `hostname` honours trust proxy; bare Node falls back
 * to the Host header.
 */
export function isLoopback(req: RequestLike): boolean {
  const hostname = (req as { hostname?: unknown }).hostname;
  // HTTP/2 names the host in `:authority`; Node does not copy it to `host`.
  const hostHeader = req.headers.host ?? req.headers[':authority'];
  const host = typeof hostname === 'string' ? hostname : (Array.isArray(hostHeader) ? hostHeader[0] : hostHeader)?.replace(/:\d+$/, '');
  if (!host) return false;
  return isLoopbackHost(host);
}

/** A request header as one string (repeated headers joined with `; `, as a Cookie header may come over HTTP/2). */
export function headerOf(req: { headers: RequestLike['headers'] }, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join('; ') : value;
}

/** Code of the warning about an `X-Forwarded-Proto: https` that satchel did not trust. */
export const FORWARDED_PROTO_WARNING = 'WARN_SESSION_FORWARDED_PROTO_IGNORED';

/** A warning as the `warning` event carries it. */
export interface SessionWarning {
  code: string;
  message: string;
}

const warned = new WeakSet<object>();

/** Where an edge's trust-proxy notion lives, for the one warning every edge gives in its own words. */
export interface ProxyAdvice {
  /** What decided not to trust the sender, e.g. "Express 'trust proxy'". */
  trusts: string;
  /** How to fix it behind a TLS proxy. */
  fix: string;
}

export const EXPRESS_PROXY_ADVICE: ProxyAdvice = {
  trusts: "Express 'trust proxy'",
  fix: "set app.set('trust proxy', 1) (or the proxy's address)",
};

/** For edges with no trust-proxy setting of their own (node:http, the Fetch API, Hono): satchel's `proxy` option decides. */
export const PROXY_OPTION_ADVICE: ProxyAdvice = {
  trusts: "satchel's proxy option (off)",
  fix: 'pass proxy: true to the session function',
};

/**
 * Warns once per middleware (`owner`) when a request counted as plain HTTP carried
 * `X-Forwarded-Proto: https`: the usual sign of a TLS proxy in front of an app whose framework
 * does not trust it, whose session cookies then silently lose Secure. `emit` delivers the warning
 * to `warning` listeners and says whether there were any; without them it becomes a process
 * warning. One code on every edge; `advice` names the edge's own setting.
 */
export function warnIfForwardedHttps(
  owner: object,
  api: string,
  req: { headers: RequestLike['headers'] },
  emit: (warning: SessionWarning) => boolean,
  advice: ProxyAdvice = EXPRESS_PROXY_ADVICE,
): void {
  if (warned.has(owner)) return;
  if (forwardedProto(req) !== 'https') return;
  warned.add(owner);
  const warning = {
    code: FORWARDED_PROTO_WARNING,
    message:
      `${api}: a request carried X-Forwarded-Proto: https, but ${advice.trusts} does not trust its sender, so it counts as plain HTTP ` +
      `and its session cookie is not Secure. Behind a TLS proxy, ${advice.fix}; reported once`,
  };
  if (!emit(warning)) process.emitWarning(warning.message, { code: warning.code });
}
