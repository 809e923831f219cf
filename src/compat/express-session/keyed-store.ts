import { hashStoreKey } from '../../crypto/ids.js';
import { SAVE_EXISTING } from '../../stores/kit/express/shared.js';
import type { Store } from './store-base.js';

const KEYED = ['get', 'set', 'destroy', 'touch', SAVE_EXISTING] as const;

/**
 * A view of `store` whose per-session methods receive SHA-256(sid) instead of the sid (the
 * `hashIds` option, SID-05). The view inherits from the store, so `regenerate`, `load`, events
 * and `generate` still work, and each call looks the method up on the store at call time (apps
 * and tests replace methods on the instance).
 */
export function keyedStore(store: Store): Store {
  const view = Object.create(store) as Store;
  for (const method of KEYED) {
    // Only satchel-backed stores have it, and the drop-in tests for it on the view.
    if (method === SAVE_EXISTING && !(SAVE_EXISTING in store)) continue;
    Object.defineProperty(view, method, {
      configurable: true,
      writable: true,
      value(sid: string, ...rest: unknown[]) {
        const fn = (store as unknown as Record<PropertyKey, unknown>)[method];
        if (typeof fn !== 'function') throw new TypeError(`store.${String(method)} is not a function`);
        return (fn as (...args: unknown[]) => unknown).call(store, hashStoreKey(sid), ...rest);
      },
    });
  }
  return view;
}
