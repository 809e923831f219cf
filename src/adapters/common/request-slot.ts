/**
 * Per-request state an edge keeps on a request object it does not own (a Fetch `Request`), under
 * a symbol of its own.
 *
 * Not a WeakMap keyed by the request: V8's young-generation collector treats a WeakMap's values
 * as live while their keys are young, so an entry whose value reaches back to its request (a Hono
 * context, a lifecycle handle) carried the whole request through every scavenge until the next
 * full collection. satchel/hono's session() scavenged for 13–15 ms against 1.3–1.5 ms for its
 * cookieSession(), which had no such entry (bench "scavenge ms"). A property dies with its request.
 */
export interface RequestSlot<K extends object, V> {
  get(request: K): V | undefined;
  set(request: K, value: V): void;
}

/** A new slot: one per middleware instance, as each had its own WeakMap before. */
export function requestSlot<K extends object, V>(description: string): RequestSlot<K, V> {
  const slot = Symbol(description);
  // A frozen or sealed request (rare) cannot take a property: it keeps the WeakMap's cost.
  const fallback = new WeakMap<K, V>();
  return {
    get: (request) => (request as Record<symbol, V | undefined>)[slot] ?? fallback.get(request),
    set(request, value) {
      if (Object.isExtensible(request)) (request as Record<symbol, V>)[slot] = value;
      else fallback.set(request, value);
    },
  };
}
