/**
 * What every event payload may carry besides its own fields. A type literal, not an interface:
 * payloads must stay assignable to `Record<string, unknown>`, which listeners commonly cast to.
 */
export type TenantTag = {
  /** The request's tenant, on every event of a middleware with a `tenant` option. */
  tenant?: string;
};

/**
 * A tiny typed emitter, shared by `session()` and `cookieSession()`. Listener exceptions are
 * swallowed: observability must never break a request (a thrown listener error would otherwise
 * surface as a 500 for the wrong reason). `emit` is a bound property so it can be handed around.
 */
export class EventBus<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<(payload: never) => void>>();

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
  }

  off<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Whether anyone listens: lets hot paths skip building a payload (a keyed hash) nobody reads. */
  has(event: keyof Events): boolean {
    const set = this.listeners.get(event);
    return set !== undefined && set.size > 0;
  }

  readonly emit = <E extends keyof Events>(event: E, payload: Events[E]): void => {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (payload: Events[E]) => void)(payload);
      } catch {
        // see class comment
      }
    }
  };
}
