/**
 * The response half of request-prototype.ts: `res.writeHead`/`write`/`end` are patched once on the
 * app's response prototype (http/response-patch.ts dispatches to the request's patch), so a
 * session adds no own property to an Express response — each would copy its hidden class.
 */
import { rootAppPrototype } from './request-prototype.js';

/**
 * The prototype to patch `res` through, or undefined for own properties: when it is not an
 * unmounted Express app's response prototype, or when something already wrapped one of the
 * methods on `res` itself (a middleware before ours, e.g. compression), whose wrapper must stay
 * outside ours as it does with own properties.
 */
export function responsePrototype(res: object): object | undefined {
  if (Object.hasOwn(res, 'end') || Object.hasOwn(res, 'writeHead') || Object.hasOwn(res, 'write')) return undefined;
  const proto = Object.getPrototypeOf(res) as object | null;
  return proto !== null && rootAppPrototype(proto) ? proto : undefined;
}
