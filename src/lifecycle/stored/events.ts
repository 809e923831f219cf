import { EventBus } from '../event-bus.js';

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

/** The event bus of `session()`. */
export class SessionEventBus extends EventBus<SessionEvents> {}
