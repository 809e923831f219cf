import { flashFor, type Flash } from '../../flash/flash.js';

/**
 * Flash messages on a Web session handle (what `load(request)` answers, of `session()` or
 * `cookieSession()`): connect-flash's `flash(type, message)` / `flash(type)` / `flash()` on
 * `handle.session`, stored under its `flash` key. Commit the handle as usual afterwards.
 *
 * @example
 * const s = await sessions.load(request);
 * flash(s)('info', 'Saved');
 * return s.commit(Response.redirect(new URL('/', request.url), 303));
 */
export function flash(handle: { readonly session: unknown }): Flash {
  // Read at call time: after regenerate or logout, handle.session is another object.
  return flashFor(() => handle.session);
}
