import { flashFor, type Flash } from '../../flash/flash.js';
import type { NodeRequest } from './types.js';

/** The field `flash()` puts on the request. */
export interface NodeFlashFields {
  /** connect-flash's `req.flash`, on this request's `req.session`. */
  flash: Flash;
}

/**
 * Flash messages on a bare node:http request: `flash(await sessions(req, res))` puts
 * `req.flash(type, message)` / `req.flash(type)` / `req.flash()` on the request (connect-flash's
 * semantics, stored under `req.session.flash`) and answers the same request, typed.
 *
 * @example
 * const request = flash(await sessions(req, res));
 * request.flash('info', 'Saved');
 */
export function flash<R extends NodeRequest>(req: R): R & NodeFlashFields {
  const request = req as R & NodeFlashFields;
  // Bound to the request: regenerate and logout replace req.session.
  request.flash ??= flashFor(() => (req as { session?: unknown }).session);
  return request;
}
