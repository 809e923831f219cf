import { storeOperation } from '../../../operation.js';

/**
 * A once-only async setup (schema creation) that is retried after a failure instead of being
 * memoised as a rejected promise: a database that was down at boot must not poison the store
 * for the life of the process (stores.md §12.6, E8).
 */
export class RetryingOnce {
  private pending: Promise<void> | undefined;
  private done = false;

  constructor(private readonly setup: () => Promise<void>) {}

  /** Resolves once setup has succeeded; concurrent callers share one attempt. */
  ready(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.pending ??= this.setup().then(
      () => {
        this.done = true;
      },
      (error: unknown) => {
        this.pending = undefined;
        throw error;
      },
    );
    return this.pending;
  }
}

/**
 * Runs one store call once the schema is ready (`schema` is undefined when the app creates the
 * table itself), under the store's deadline so a hung bootstrap fails like any slow query, with
 * failures typed as `SessionStoreError`.
 */
export function afterSchema<T>(schema: RetryingOnce | undefined, operation: string, timeoutMs: number, work: () => Promise<T>): Promise<T> {
  return storeOperation(operation, timeoutMs, async () => {
    await schema?.ready();
    return work();
  });
}
