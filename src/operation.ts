import { SessionOptionsError, SessionStoreError } from './errors.js';

/** Default time one backend operation may take. */
export const DEFAULT_OPERATION_TIMEOUT = 5000;

/**
 * Runs one backend operation with a deadline. Any failure becomes a `SessionStoreError` with the
 * driver's error as `cause`, so callers never see driver-specific types and never hang: clients
 * with offline queues (node-redis, ioredis) would otherwise wait for the backend forever.
 */
export async function storeOperation<T>(
  operation: string,
  timeoutMs: number,
  run: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(
        new SessionStoreError(operation, `session store ${operation} did not answer within ${timeoutMs} ms`, {
          code: 'ERR_SESSION_STORE_TIMEOUT',
        }),
      );
    }, timeoutMs);
  });
  const work = Promise.resolve().then(run);
  // The losing side must not surface later as an unhandled rejection.
  work.catch(() => {});
  try {
    return await Promise.race([work, deadline]);
  } catch (error) {
    if (error instanceof SessionStoreError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new SessionStoreError(operation, `session store ${operation} failed: ${detail}`, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

/** Validates a user-supplied timeout at construction. */
export function resolveOperationTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_OPERATION_TIMEOUT;
  if (!Number.isFinite(value) || value <= 0) {
    throw new SessionOptionsError(`operationTimeout must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
