/**
 * Timeouts of sealed cookie sessions, in `session()`'s vocabulary: `timeouts` (a preset or
 * `{ idle, absolute }`) and `touchAfter`, through the same resolvers; `idleTimeout` and
 * `absoluteTimeout` stay accepted as the older names.
 */
import { MAX_COOKIE_AGE_MS } from '../../http/cookie-policy.js';
import { SessionOptionsError } from '../../errors.js';
import { resolveTimeouts, resolveTouchAfter, type SessionTimeouts, type TimeoutsOption } from '../timeouts.js';

/** What the options may say about timeouts, at construction or per request. */
export interface CookieTimeoutsInput {
  timeouts?: TimeoutsOption | undefined;
  idleTimeout?: number | undefined;
  absoluteTimeout?: number | undefined;
  touchAfter?: number | undefined;
}

/** `'standard'`: 30 min idle, 12 h absolute. */
export const COOKIE_SESSION_TIMEOUTS: TimeoutsOption = 'standard';

function fail(message: string): never {
  throw new SessionOptionsError(`cookieSession: ${message}`);
}

// A seal carries its deadlines and a cookie its Max-Age: both need a finite number of ms, and
// no browser keeps a cookie beyond the 400-day cap.
function sealable(ms: number): boolean {
  return Number.isSafeInteger(ms) && ms > 0 && ms <= MAX_COOKIE_AGE_MS;
}

function olderName(value: unknown, label: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    fail(`${label} must be a positive integer number of milliseconds`);
  }
  return value;
}

/** Validates the timeouts and `touchAfter` of `cookieSession()`; `touchAfter` defaults to idle / 2. */
export function resolveCookieTimeouts(options: CookieTimeoutsInput): SessionTimeouts & { touchAfter: number } {
  const older = options.idleTimeout !== undefined || options.absoluteTimeout !== undefined;
  if (options.timeouts !== undefined && older) {
    fail('give timeouts or its older names idleTimeout/absoluteTimeout, not both');
  }
  let idle: number;
  let absolute: number;
  if (older) {
    const d = resolveTimeouts(COOKIE_SESSION_TIMEOUTS);
    idle = olderName(options.idleTimeout, 'idleTimeout', d.idle);
    absolute = olderName(options.absoluteTimeout, 'absoluteTimeout', d.absolute);
    if (absolute > MAX_COOKIE_AGE_MS) fail('absoluteTimeout must be at most 400 days, the longest browsers keep a cookie');
    if (idle > absolute) fail('idleTimeout must not exceed absoluteTimeout');
  } else {
    try {
      ({ idle, absolute } = resolveTimeouts(options.timeouts ?? COOKIE_SESSION_TIMEOUTS));
    } catch (error) {
      fail((error as Error).message);
    }
    if (!sealable(idle) || !sealable(absolute)) {
      fail('timeouts must be whole milliseconds of at most 400 days, the longest browsers keep a cookie (a seal carries its deadlines)');
    }
  }
  let touchAfter: number;
  try {
    touchAfter = resolveTouchAfter(options.touchAfter ?? Math.floor(idle / 2), idle);
  } catch (error) {
    fail((error as Error).message);
  }
  return { idle, absolute, touchAfter };
}

/**
 * The timeouts one response seals with: `req.sessionOptions` may set `timeouts`, or the older
 * `idleTimeout`/`absoluteTimeout`. Per-request values are app input: anything that would not
 * pass at construction falls back to the configured value instead of failing the response.
 */
export function requestTimeouts(o: CookieTimeoutsInput, configured: SessionTimeouts): SessionTimeouts {
  if (o.timeouts !== undefined) {
    try {
      const { idle, absolute } = resolveTimeouts(o.timeouts);
      if (sealable(idle) && sealable(absolute)) return { idle, absolute };
    } catch {
      // Falls back below, as an unusable idleTimeout does.
    }
    return configured;
  }
  const duration = (value: unknown, fallback: number) => (typeof value === 'number' && sealable(value) ? value : fallback);
  const absolute = duration(o.absoluteTimeout, configured.absolute);
  return { idle: Math.min(duration(o.idleTimeout, configured.idle), absolute), absolute };
}
