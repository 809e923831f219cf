/**
 * The promise a failing `req.session.save()` / `regenerate()` / `destroy()` returns. Apps written
 * for express-session call them without a callback and without `await`; a plain rejected promise
 * would then be an unhandled rejection, which ends the process under Node's default
 * `--unhandled-rejections=throw`. So a failure is reported once, to one of two places:
 *
 * - whoever observes the promise (`await`, `then`, `catch`, `finally`) before the current turn of
 *   the event loop is over gets the rejection, as from any promise;
 * - otherwise `unobserved(error)` receives it in the next turn (the middleware's `error` event).
 *
 * The promise stays pending until someone observes it, so it is never a rejection without a
 * handler. Observed later than that turn it still rejects: that caller is told too (the one case
 * reported twice), because a failure must never look like a success to code that asks.
 */

type Fulfilled<T> = ((value: void) => T | PromiseLike<T>) | null | undefined;
type Rejected<T> = ((reason: unknown) => T | PromiseLike<T>) | null | undefined;

class ObservedPromise extends Promise<void> {
  // Promises derived with then/catch/finally are ordinary ones.
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }

  /** Settles the promise for its first observer; undefined once done. */
  observe: (() => void) | undefined;

  // `catch` and `finally` call `then`, and so does `await` on a Promise subclass (one microtask
  // later, still within the turn): this one method sees every way of observing.
  override then<A = void, B = never>(onFulfilled?: Fulfilled<A>, onRejected?: Rejected<B>): Promise<A | B> {
    const observe = this.observe;
    this.observe = undefined;
    observe?.();
    return super.then(onFulfilled, onRejected);
  }
}

/** A promise that rejects with `error` for whoever observes it in time, else reports it to `unobserved`. */
export function rejectWhenObserved(error: Error, unobserved: (error: Error) => void): Promise<void> {
  let reject: (reason: unknown) => void = () => {};
  const promise = new ObservedPromise((_resolve, rejectPromise) => {
    reject = rejectPromise;
  });
  promise.observe = () => reject(error);
  setImmediate(() => {
    if (promise.observe) unobserved(error);
  });
  return promise;
}
