import { SessionStoreError } from '../../../errors.js';

/** Where a store reports failures of work nobody awaits (pruning, schema creation). */
export type BackgroundErrorHandler = (error: SessionStoreError) => void;

/**
 * The default handler: background failures must be visible (express-mysql-session #149 hid them
 * behind DEBUG) but must never become an unhandled rejection that ends the process (E1).
 */
export const logBackgroundError: BackgroundErrorHandler = (error) => {
  console.error(`[satchel] background ${error.operation} failed; it will be retried:`, error);
};

/** Calls the user's handler without letting a throwing handler escape into a timer callback. */
export function reportBackgroundError(handler: BackgroundErrorHandler, operation: string, error: unknown): void {
  const typed =
    error instanceof SessionStoreError
      ? error
      : new SessionStoreError(operation, `session store ${operation} failed: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
  try {
    handler(typed);
  } catch {
    // A broken handler is the app's bug; crashing the process from a timer would be ours.
  }
}

/** A running background job; `stop()` is idempotent. */
export interface BackgroundTimer {
  stop(): void;
}

/**
 * Runs `job` every `intervalMs` on an `unref`'d timer: it never keeps the process alive, never
 * overlaps itself (a slow prune is not stacked), and routes every failure to `onError`, so the
 * next tick simply retries.
 */
export function startBackgroundTimer(
  intervalMs: number,
  operation: string,
  job: () => Promise<unknown>,
  onError: BackgroundErrorHandler,
): BackgroundTimer {
  let running = false;
  let stopped = false;
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = true;
    Promise.resolve()
      .then(job)
      .catch((error: unknown) => reportBackgroundError(onError, operation, error))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
