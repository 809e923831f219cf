/**
 * What an edge needs to carry per-request values on a framework's shared prototype (Express's
 * app.request/app.response, Koa's app.context) instead of as own properties of each request.
 */
import type { SealedRequest } from '../../lifecycle/sealed/request.js';

/**
 * What an assignment through one of the accessors makes when it is not theirs to keep (a request
 * no satchel middleware handles, another library's value): an own value, as without the accessor.
 */
export function ownValue(target: object, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * `session` and `sessionOptions` of cookieSession() as prototype accessors over the sealed state
 * `stateOf` finds for a request (or ctx); a request without one reads undefined, and an assignment
 * on it becomes its own value.
 */
export function sealedAccessors(stateOf: (holder: object) => SealedRequest | undefined, enumerable: boolean): PropertyDescriptorMap {
  return {
    session: {
      configurable: true,
      enumerable,
      get(this: object) {
        return stateOf(this)?.session;
      },
      set(this: object, value: unknown) {
        const state = stateOf(this);
        if (state) state.session = value;
        else ownValue(this, 'session', value);
      },
    },
    sessionOptions: {
      configurable: true,
      enumerable,
      get(this: object) {
        return stateOf(this)?.options;
      },
      set(this: object, value: unknown) {
        ownValue(this, 'sessionOptions', value);
      },
    },
  };
}
