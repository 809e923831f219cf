import type { SessionRecord } from '../types.js';
import { SessionOptionsError } from '../errors.js';
import { MAX_COOKIE_AGE_MS } from '../http/cookie-policy.js';

/** Server-side timeouts of a session, in milliseconds (TO-01, TO-02). */
export interface SessionTimeouts {
  /** Inactivity after which the session dies. */
  idle: number;
  /** Lifetime from creation that activity cannot extend. */
  absolute: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Named presets, anchored to ASVS 4 §3.3.2: `standard` (L2) 30 min idle / 12 h absolute,
 * `high` (L3) 15 min / 12 h, `long-lived` (L1) 7 days / 30 days.
 */
export const TIMEOUT_PRESETS = Object.freeze({
  standard: Object.freeze({ idle: 30 * MINUTE, absolute: 12 * HOUR }),
  high: Object.freeze({ idle: 15 * MINUTE, absolute: 12 * HOUR }),
  'long-lived': Object.freeze({ idle: 7 * DAY, absolute: 30 * DAY }),
});

/** A preset name or explicit timeouts. `Infinity` disables one bound (express-session has no absolute timeout). */
export type TimeoutsOption = keyof typeof TIMEOUT_PRESETS | SessionTimeouts;

/** Validates the option at construction. */
export function resolveTimeouts(option: TimeoutsOption): SessionTimeouts {
  if (typeof option === 'string') {
    const preset = (TIMEOUT_PRESETS as Record<string, SessionTimeouts>)[option];
    if (!Object.hasOwn(TIMEOUT_PRESETS, option) || !preset) {
      throw new SessionOptionsError(`timeouts must be one of ${Object.keys(TIMEOUT_PRESETS).join(', ')} or { idle, absolute } in ms, got ${JSON.stringify(option)}`);
    }
    return preset;
  }
  const { idle, absolute } = option ?? ({} as SessionTimeouts);
  for (const [label, value] of [['idle', idle], ['absolute', absolute]] as const) {
    if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
      throw new SessionOptionsError(`timeouts.${label} must be a positive number of milliseconds (or Infinity), got ${String(value)}`);
    }
  }
  if (idle > absolute) throw new SessionOptionsError(`timeouts.idle (${idle}) cannot exceed timeouts.absolute (${absolute})`);
  return { idle, absolute };
}

/**
 * Validates `touchAfter`, the same setting in both modes: how old the last write (a store touch,
 * or a seal) may get before a read-only request refreshes it, so an active reader is not logged
 * out by the idle timeout (TO-05). It must stay below the idle timeout, or it could never fire.
 */
export function resolveTouchAfter(value: unknown, idle: number): number {
  if (typeof value !== 'number' || !(value >= 0) || value >= idle) {
    throw new SessionOptionsError(`touchAfter must be at least 0 and below the idle timeout (${idle} ms), got ${String(value)}`);
  }
  return value;
}

/**
 * Timeouts of one session. A persistent cookie ("remember me", `cookie.maxAge = M`) stretches
 * both bounds to at least M (M capped at 400 days), so the server keeps the session as long as the
 * browser keeps the cookie; the cookie itself never outlives the server record (CK-09).
 */
export function sessionTimeouts(base: SessionTimeouts, cookieMaxAge: number | null): SessionTimeouts {
  if (cookieMaxAge === null || !(cookieMaxAge > 0)) return base;
  // The stretch stops at the cookie cap (CK-09): a stored or assigned longer lifetime (e.g. a
  // record written before the cap) must not keep a session alive beyond any browser's cookie.
  const stretch = Math.min(cookieMaxAge, MAX_COOKIE_AGE_MS);
  return { idle: Math.max(base.idle, stretch), absolute: Math.max(base.absolute, stretch) };
}

/**
 * `expiresAt = min(lastSeen + idle, createdAt + absolute)`. When both bounds are infinite
 * (express-session style), `fallbackTtl` from `lastSeenAt` keeps stores bounded.
 */
export function computeExpiresAt(timeouts: SessionTimeouts, createdAt: number, lastSeenAt: number, fallbackTtl: number): number {
  const at = Math.min(lastSeenAt + timeouts.idle, createdAt + timeouts.absolute);
  return Number.isFinite(at) ? at : lastSeenAt + fallbackTtl;
}

/** Which bound ended a session whose `expiresAt` has passed. */
export function expiryReason(timeouts: SessionTimeouts, createdAt: number, now: number): 'idle' | 'absolute' {
  return now >= createdAt + timeouts.absolute ? 'absolute' : 'idle';
}

/** The record's times are real instants; anything else is treated as expired (load, reload). */
export function finiteTimes(record: SessionRecord): boolean {
  return Number.isFinite(record.expiresAt) && Number.isFinite(record.createdAt) && Number.isFinite(record.lastSeenAt);
}
