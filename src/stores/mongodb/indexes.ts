import type { Collection, IndexDescription } from 'mongodb';
import type { SessionStoreError } from '../../errors.js';
import { storeOperation } from '../../operation.js';
import type { MongoSessionDocument } from './document.js';

/**
 * The indexes the store relies on: a TTL index so mongod deletes expired sessions by itself
 * (its monitor runs about once a minute, hence the read-time filter too), and the per-user index
 * behind `listByUser`/`destroyByUser`. Create them yourself when the store may not:
 * `db.sessions.createIndex({ expiresAt: 1 }, { expireAfterSeconds: 0 })` and
 * `db.sessions.createIndex({ userId: 1 })`.
 */
export const MONGO_INDEXES: readonly IndexDescription[] = Object.freeze([
  Object.freeze({ key: { expiresAt: 1 }, name: 'expiresAt_1', expireAfterSeconds: 0 }),
  Object.freeze({ key: { userId: 1 }, name: 'userId_1' }),
]) as readonly IndexDescription[];

/** Settings of {@link IndexKeeper}. */
export interface IndexKeeperSettings {
  timeoutMs: number;
  retryDelay: number;
  maxRetryDelay: number;
  onError: (error: SessionStoreError) => void;
}

/**
 * Creates the indexes in the background and retries with backoff until it succeeds. Unlike a
 * memoised "collection ready" promise (connect-mongo, E8), a failure is reported, never thrown
 * at the process, and no other operation waits on or inherits it.
 */
export class IndexKeeper {
  private done = false;
  private stopped = false;
  private delay: number;
  private timer: NodeJS.Timeout | undefined;
  private inflight: Promise<void> | undefined;

  constructor(
    private readonly collection: Collection<MongoSessionDocument>,
    private readonly settings: IndexKeeperSettings,
  ) {
    this.delay = settings.retryDelay;
  }

  /** True once every index exists. */
  get ready(): boolean {
    return this.done;
  }

  /** Starts the first background attempt. */
  start(): void {
    this.attemptInBackground();
  }

  /** One attempt now (or joins the running one); rejects with the `SessionStoreError` of a failure. */
  ensure(): Promise<void> {
    if (this.done) return Promise.resolve();
    this.inflight ??= storeOperation('createIndexes', this.settings.timeoutMs, async () => {
      await this.collection.createIndexes([...MONGO_INDEXES]);
    }).then(
      () => {
        this.done = true;
        this.inflight = undefined;
        clearTimeout(this.timer);
      },
      (error: unknown) => {
        this.inflight = undefined;
        throw error;
      },
    );
    return this.inflight;
  }

  /** Stops retrying; an attempt already sent to the server is left to finish on its own. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private attemptInBackground(): void {
    this.ensure().catch((error: SessionStoreError) => {
      this.report(error);
      if (this.stopped || this.done) return;
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.attemptInBackground(), this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, this.settings.maxRetryDelay);
    });
  }

  private report(error: SessionStoreError): void {
    try {
      this.settings.onError(error);
    } catch {
      // A throwing error handler must not turn a reported failure into a crash.
    }
  }
}
