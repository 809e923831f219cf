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
}

/** Name of a {@link SessionEvents} event. */
export type SessionEventName = keyof SessionEvents;

/** A listener of one event. */
export type SessionListener<E extends SessionEventName> = (payload: SessionEvents[E]) => void;

/**
 * A tiny typed emitter. Listener exceptions are swallowed: observability must never break a
 * request (and a thrown listener error would otherwise surface as a 500 for the wrong reason).
 */
export class SessionEventBus {
  private readonly listeners = new Map<SessionEventName, Set<(payload: never) => void>>();

  on<E extends SessionEventName>(event: E, listener: SessionListener<E>): void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as (payload: never) => void);
  }

  off<E extends SessionEventName>(event: E, listener: SessionListener<E>): void {
    this.listeners.get(event)?.delete(listener as (payload: never) => void);
  }

  /** Whether anyone listens: lets hot paths skip building a payload (a keyed hash) nobody reads. */
  has(event: SessionEventName): boolean {
    const set = this.listeners.get(event);
    return set !== undefined && set.size > 0;
  }

  emit<E extends SessionEventName>(event: E, payload: SessionEvents[E]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as SessionListener<E>)(payload);
      } catch {
        // see class comment
      }
    }
  }
}
