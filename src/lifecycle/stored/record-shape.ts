import { SessionStoreError } from '../../errors.js';
import type { SessionRecord } from '../../types.js';
import { isSealedValue } from '../../crypto/at-rest.js';

const TIMES = ['createdAt', 'lastSeenAt', 'expiresAt'] as const;

/**
 * A record as the engine may use it, or a `SessionStoreError` when the store returned something
 * else (`data: null`, a string, times that are not numbers): a broken or foreign store is a store
 * failure, so `onStoreError` applies, rather than a TypeError deep in the engine. Numbers that are
 * not finite stay a record: the timeout check reads them as expired.
 */
export function checkRecord(record: unknown, operation: string): SessionRecord | null {
  if (record === null || record === undefined) return null;
  const problem = shapeProblem(record);
  if (problem === null) {
    sealedWithoutKeys(record as SessionRecord, operation);
    return record as SessionRecord;
  }
  throw new SessionStoreError(operation, `the session store returned a malformed record (${problem}); it was not used`);
}

function shapeProblem(record: unknown): string | null {
  if (typeof record !== 'object') return `a ${typeof record} instead of an object`;
  const candidate = record as Record<string, unknown>;
  const data = candidate.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'data is not an object';
  for (const name of TIMES) if (typeof candidate[name] !== 'number') return `${name} is not a number`;
  for (const name of ['userId', 'userAgent'] as const) {
    const value = candidate[name];
    if (value !== null && value !== undefined && typeof value !== 'string') return `${name} is not a string or null`;
  }
  return null;
}

/**
 * A record sealed at rest read by an app without `encryption`: its values would reach the app as
 * `{ $sealed }` objects and be written back as data. Refused instead, so turning encryption off
 * means `encryption: { keys, write: false }` until no sealed record is left.
 */
function sealedWithoutKeys(record: SessionRecord, operation: string): void {
  const data = record.data;
  for (const field in data) {
    if (isSealedValue(data[field])) {
      throw new SessionStoreError(
        operation,
        'the session store holds a record encrypted at rest, and session() has no encryption keys: pass encryption: { keys } (with write: false to go back to plain records)',
      );
    }
  }
}
