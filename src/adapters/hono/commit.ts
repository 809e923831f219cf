/**
 * The end of a Hono request for both kinds of session: after `await next()`, the commit puts the
 * session's cookies on `c.res`, or fails the request through `app.onError`.
 */
import type { Context } from 'hono';
import type { RequestHandle } from '../../lifecycle/request-handle.js';
import { commitHandle, withOutcome } from '../common/web.js';

/**
 * Commits `handle` onto `c.res`. A copy (immutable headers) replaces `c.res` through `undefined`
 * first: Hono's `res` setter otherwise copies the old response's headers over the new one, and
 * its Set-Cookie lines would replace the session's.
 *
 * A failure is thrown for Hono to hand `app.onError`, on a clean slate: the handler's headers
 * (Location, its cookies, caching) described a success and must not leak into the error
 * response, which Hono builds from the headers of `c.res`.
 */
export async function commitOnto(c: Context, handle: RequestHandle, before?: () => void): Promise<void> {
  try {
    before?.();
    const outcome = await commitHandle(handle);
    const res = withOutcome(c.res, outcome);
    if (res === c.res) return;
    c.res = undefined;
    c.res = res;
  } catch (error) {
    clean(c);
    throw error;
  }
}

function clean(c: Context): void {
  const { headers } = c.res;
  try {
    for (const name of [...headers.keys()]) headers.delete(name);
  } catch {
    // Immutable headers are not Hono's to reuse: dropping the response below is enough.
  }
  c.res = undefined;
}
