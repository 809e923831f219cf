import { EventBus, type TenantTag } from '../event-bus.js';

/** Why a presented cookie gave no session. */
export type RejectReason = 'bad_signature' | 'unsigned' | 'malformed' | 'oversized' | 'duplicate' | 'unknown_id' | 'too_many';

/**
 * Session lifecycle events. `session` is a keyed hash of the id, never the id (DET-01, DET-02);
 * it is stable for one id, so one session can be followed across events. With a `tenant`
 * option each payload also names the tenant (`tenant`).
 */
export interface SessionEvents {
  created: { session: string } & TenantTag;
  regenerated: { session: string; previous: string } & TenantTag;
  destroyed: { session: string } & TenantTag;
  expired: { session: string; reason: 'idle' | 'absolute' } & TenantTag;
  rejected: { reason: RejectReason; session?: string } & TenantTag;
  /** A save found its record gone (destroyed or rotated meanwhile) and was not applied (TM-03). */
  conflict: { session: string } & TenantTag;
  login: { session: string; userId: string } & TenantTag;
  logout: { session: string; userId: string | null } & TenantTag;
  /** A store call failed; the error also reaches the request (or the `onStoreError` policy). */
  error: { error: Error } & TenantTag;
  /**
   * A likely misconfiguration seen at run time, reported once per middleware (without a listener
   * it is a process warning): `WARN_SESSION_FORWARDED_PROTO_IGNORED`.
   */
  warning: { code: string; message: string } & TenantTag;
}

/** Name of a {@link SessionEvents} event. */
export type SessionEventName = keyof SessionEvents;

/** A listener of one event. */
export type SessionListener<E extends SessionEventName> = (payload: SessionEvents[E]) => void;

/** The event bus of `session()`. */
export class SessionEventBus extends EventBus<SessionEvents> {}
