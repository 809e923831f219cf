/** A node-style callback, as express-session's methods take. */
export type NodeCallback<T = void> = (error?: Error | null, value?: T) => void;

/**
 * Hands a session method's outcome to its callback, if one was given, and reports a failure
 * through `report` (the middleware's `error` event). The promise returned is the one passed in,
 * with a handler attached: whoever awaits it still sees the rejection, and code written for
 * express-session that neither awaits nor passes a callback (`req.session.destroy();
 * res.redirect('/')`) can no longer end the process through an unhandled rejection.
 */
export function settle<T>(promise: Promise<T>, callback: NodeCallback<T> | undefined, report: (error: Error) => void): Promise<T> {
  promise.then(
    (value) => {
      if (typeof callback === 'function') call(callback, null, value);
    },
    (error: unknown) => {
      const failure = error instanceof Error ? error : new Error(String(error));
      report(failure);
      if (typeof callback === 'function') call(callback, failure);
    },
  );
  return promise;
}

// An exception thrown by the app's own callback is the app's: it surfaces as an uncaught
// exception, as it would from any callback, never as a rejection of a promise nobody holds.
function call<T>(callback: NodeCallback<T>, error: Error | null, value?: T): void {
  try {
    callback(error, value);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}

/** A promise of a synchronous step's failure, so methods fail the same way whether a check throws or a store call rejects. */
export function attempt<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}
