/** A node-style callback, as express-session's methods take. */
export type NodeCallback<T = void> = (error?: Error | null, value?: T) => void;

/**
 * The one rule for the promises `req.session` methods return, in both modes: a failure is always
 * reported through `report` (the middleware's `error` event, see {@link reportError}) and also
 * handed to the callback, if one was given; whoever awaits the promise still sees the rejection.
 * The promise returned is the one passed in with a handler attached, so code written for
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

/** What {@link reportError} needs of a middleware's event bus. */
export interface ErrorEvents {
  has(event: 'error'): boolean;
  emit(event: 'error', payload: { error: Error }): void;
}

/**
 * Reports a failure as the `error` event; with nobody listening, as one `SatchelWarning` process
 * warning instead: a failure of an un-awaited call is then never silent, and never fatal.
 * `api` names the middleware in the warning (`session`, `cookieSession`).
 */
export function reportError(events: ErrorEvents, api: string, error: Error): void {
  if (events.has('error')) return events.emit('error', { error });
  const code = (error as { code?: unknown }).code;
  process.emitWarning(`${api}: ${error.message} (listen to the 'error' event to handle this)`, {
    type: 'SatchelWarning',
    code: typeof code === 'string' ? code : undefined,
  });
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
