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
  if (owner === kind) return null;
  return new SessionOptionsError(
    `${kind === 'cookie' ? 'cookieSession()' : 'session()'} ran on a request that ${owner === 'cookie' ? 'cookieSession()' : 'session()'} already handles: ` +
      'both set req.session, so the second would end the first. Mount them on separate paths (app.use("/api", cookieSession(...))) or use one of them',
  );
}
