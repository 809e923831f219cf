import { SessionOptionsError } from '../../errors.js';

/** Which satchel middleware owns `req.session` on a request. */
export type SessionKind = 'server' | 'cookie';

const owners = new WeakMap<object, SessionKind>();

/**
 * Claims `req.session` for one kind of session. Two kinds on one request cannot share the
 * property: the second would replace the first, and the first's commit would read that as
 * `req.session = null` and log the user out. Returns the error to hand to `next`, or null; a
 * second middleware of the same kind is the caller's business (session() skips it, like
 * express-session).
 */
export function claimSession(req: object, kind: SessionKind): SessionOptionsError | null {
  const owner = owners.get(req);
  if (owner === undefined) {
    owners.set(req, kind);
    return null;
  }
  return owner === kind ? null : conflict(kind, owner);
}

/**
 * {@link claimSession} for an object only satchel's own edge of one framework claims (Fastify's
 * request, Koa's ctx): the claim is kept in `slot`, a property of it, instead of a WeakMap entry
 * per request (about 0.2 µs and ephemeron work for the garbage collector). A slot the framework
 * declares up front (a Fastify decoration) or that every request gets alike (Koa) keeps the
 * object's shape shared.
 */
export function claimSessionIn(holder: object, slot: symbol, kind: SessionKind): SessionOptionsError | null {
  const carrier = holder as Record<symbol, SessionKind | null | undefined>;
  const owner = carrier[slot];
  if (owner === undefined || owner === null) {
    carrier[slot] = kind;
    return null;
  }
  return owner === kind ? null : conflict(kind, owner);
}

function conflict(kind: SessionKind, owner: SessionKind): SessionOptionsError {
  return new SessionOptionsError(
    `${kind === 'cookie' ? 'cookieSession()' : 'session()'} ran on a request that ${owner === 'cookie' ? 'cookieSession()' : 'session()'} already handles: ` +
      'both set req.session, so the second would end the first. Mount them on separate paths (app.use("/api", cookieSession(...))) or use one of them',
  );
}
