import type { RequestLike } from './context.js';

/**
 * Whether the request reached the app over HTTPS: TLS on the socket, or, behind a proxy, the
 * first `X-Forwarded-Proto` as Express's `req.secure` reads it. `proxy`: true trusts the header,
 * false ignores it, undefined follows Express's `trust proxy` setting.
 */
export function isSecure(req: RequestLike, proxy: boolean | undefined): boolean {
  if (req.socket?.encrypted) return true;
  if (proxy === false) return false;
  if (proxy === true) {
    const header = req.headers['x-forwarded-proto'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim().toLowerCase();
    return first === 'https';
  }
  const app = (req as { app?: { get?(setting: string): unknown } }).app;
  const trust = app?.get?.('trust proxy fn');
  const socket = req.socket as object | null | undefined;
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

const trustedPeers = new WeakMap<object, { trust: unknown; trusted: boolean }>();
