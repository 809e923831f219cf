/**
 * The upgrade path from a pre-satchel cookie (e.g. cookie-session's `session` + `session.sig`):
 * a legacy session passes the same checks as a sealed one (absolute timeout, `revoke`) before it
 * is re-sealed, and its seal keeps the legacy session's age, so neither the upgrade nor a copied
 * legacy cookie ever starts a fresh clock.
 */
import { SessionOptionsError } from '../../errors.js';
import type { CookieSessionEmit } from './events.js';
import type { LegacyInput, LegacySession, ResolvedCookieSessionOptions, SealedSessionMeta } from './options.js';
import type { Loaded } from './request.js';

/**
 * `createdAt` of a session whose creation time is unknown: one upgraded from a legacy cookie
 * whose decoder gave none. Older than any "not before" cut-off, so `revoke` rules written as
 * `meta.createdAt < cutoff` refuse it once the user has any cut-off; its absolute deadline
 * counts from the upgrade and is carried unchanged in the seal.
 */
export const UNKNOWN_CREATION = 0;

function asLegacySession(found: unknown): LegacySession {
  const data = (found as { data?: unknown } | null)?.data;
  if (typeof found !== 'object' || data === null || typeof data !== 'object' || Array.isArray(data)) {
    // Loud on purpose: a decoder returning the bare data (the earlier contract) would otherwise
    // log every legacy user out without a trace.
    throw new SessionOptionsError('cookieSession: legacy.decode must return { data, createdAt? } (data: the session object) or null');
  }
  return found as LegacySession;
}

/** The decoder's creation time in ms; unknown when missing or invalid, clamped to now when in the future. */
function creationTime(value: unknown, now: number): number {
  const time = value instanceof Date ? value.getTime() : value;
  if (typeof time !== 'number' || !Number.isSafeInteger(time) || time <= 0) return UNKNOWN_CREATION;
  return Math.min(time, now);
}

/**
 * Runs the legacy decoder for a request no seal opened, and fills `loaded` when its session
 * passes `until`, the absolute timeout and `revoke`. A verified legacy cookie is cleared by the
 * response whatever the outcome. A decoder that throws means "no legacy session"; a `revoke`
 * that throws fails the load, as it does for seals.
 */
export async function openLegacy(
  config: ResolvedCookieSessionOptions,
  input: LegacyInput,
  loaded: Loaded,
  emit: CookieSessionEmit,
  now: number,
): Promise<void> {
  const legacy = config.legacy!;
  let found: unknown;
  try {
    found = await legacy.decode(input);
  } catch {
    return;
  }
  if (found === null || found === undefined) return;
  const { data, createdAt: claimed } = asLegacySession(found);
  loaded.clearLegacy = true;
  if (legacy.until !== undefined && now >= +legacy.until) {
    emit('rejected', { reason: 'legacy_expired' });
    return;
  }
  const createdAt = creationTime(claimed, now);
  const absoluteExpiresAt = (createdAt === UNKNOWN_CREATION ? now : createdAt) + config.absoluteTimeout;
  if (absoluteExpiresAt <= now) {
    emit('expired', { reason: 'absolute' });
    return;
  }
  if (config.revoke) {
    const meta: SealedSessionMeta = {
      createdAt,
      issuedAt: createdAt,
      idleExpiresAt: Math.min(now + config.idleTimeout, absoluteExpiresAt),
      absoluteExpiresAt,
    };
    if (await config.revoke(data, meta)) {
      emit('rejected', { reason: 'revoked' });
      return;
    }
  }
  loaded.data = data;
  loaded.legacy = true;
  loaded.createdAt = createdAt;
  loaded.absoluteExpiresAt = absoluteExpiresAt;
}
