import { createHash } from 'node:crypto';
import type { Request } from 'express';
import type { SessionTimeouts } from '../src/index.js';

/** What the live panel shows about the session of a request. */
export interface SessionTimes {
  /** False until something was written: satchel stores nothing and sends no cookie before that. */
  stored: boolean;
  /** The store key: SHA-256 of the id, so a leaked store cannot be replayed as cookies. */
  storeKey: string;
  createdAt: number | null;
  lastSeenAt: number | null;
  idleDeadline: number | null;
  absoluteDeadline: number | null;
  /** What the store holds: the earlier of the two deadlines. */
  expiresAt: number | null;
  timeouts: SessionTimeouts;
}

/**
 * Reads the request's record straight from the store, the way an admin page would.
 * `req.session` exposes the data and the cookie, not the record's times, so the demo looks them
 * up by the documented store key (SHA-256 hex of the id, see `SessionInfo.key`).
 */
export async function sessionTimes(req: Request, base: SessionTimeouts): Promise<SessionTimes> {
  const storeKey = createHash('sha256').update(req.sessionID).digest('hex');
  const record = await req.sessionStore.get(storeKey);
  // A "remember me" cookie stretches both bounds to at least its lifetime (see SessionOptions.timeouts).
  const remember = req.session.cookie.originalMaxAge;
  const timeouts = remember === null ? base : { idle: Math.max(base.idle, remember), absolute: Math.max(base.absolute, remember) };
  if (!record) {
    return { stored: false, storeKey, createdAt: null, lastSeenAt: null, idleDeadline: null, absoluteDeadline: null, expiresAt: null, timeouts };
  }
  return {
    stored: true,
    storeKey,
    createdAt: record.createdAt,
    lastSeenAt: record.lastSeenAt,
    idleDeadline: record.lastSeenAt + timeouts.idle,
    absoluteDeadline: record.createdAt + timeouts.absolute,
    expiresAt: record.expiresAt,
    timeouts,
  };
}
