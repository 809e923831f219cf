/** Why a presented cookie gave no session. */
export type RejectReason = 'bad_signature' | 'unsigned' | 'malformed' | 'oversized' | 'duplicate' | 'unknown_id' | 'too_many';

/**
 * Session lifecycle events. `session` is a keyed hash of the id, never the id (DET-01, DET-02);
 * it is stable for one id, so one session can be followed across events.
 */
export interface SessionEvents {
  created: { session: string };
  regenerated: { session: string; previous: string };
  destroyed: { session: string };
  expired: { session: string; reason: 'idle' | 'absolute' };
  rejected: { reason: RejectReason; session?: string };
  /** A save found its record gone (destroyed or rotated meanwhile) and was not applied (TM-03). */
  conflict: { session: string };
  login: { session: string; userId: string };
  logout: { session: string; userId: string | null };
  /** A store call failed; the error also reaches the request (or the `onStoreError` policy). */
  error: { error: Error };
  /**
   * A likely misconfiguration seen at run time, reported once per middleware (without a listener
   * it is a process warning): `WARN_SESSION_FORWARDED_PROTO_IGNORED`.
   */
  warning: { code: string; message: string };
}

/** Name of a {@link SessionEvents} event. */
export type SessionEventName = keyof SessionEvents;

/** A listener of one event. */
export type SessionListener<E extends SessionEventName> = (payload: SessionEvents[E]) => void;

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

/** The event bus of `session()`. */
export class SessionEventBus extends EventBus<SessionEvents> {}
