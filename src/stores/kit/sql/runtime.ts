import { resolveOperationTimeout } from '../../../operation.js';
import { logBackgroundError, startBackgroundTimer, type BackgroundTimer } from './background.js';
import { RetryingOnce, afterSchema } from './bootstrap.js';
import { resolveBatchSize, resolveClock, resolvePruneInterval, type SqlStoreOptions } from './options.js';

/** What the dialect supplies to {@link SqlStoreRuntime}. */
export interface SqlStoreHooks {
  /**
   * Readies the schema before the first call (checks, and creates when asked); undefined when
   * there is nothing to do. Retried after a failure, never memoised as one.
   */
  setup: (() => Promise<void>) | undefined;
  /** The store's own `prune()`, run by the background timer. */
  prune: () => Promise<number>;
}

/**
 * The dialect-free part of a SQL store: the shared options validated at construction, the
 * schema gate and deadline around every call, the clock, and background pruning. A store holds
 * one and keeps only its SQL and its driver's quirks.
 */
export class SqlStoreRuntime {
  /** The store's clock (the injected `now`, or `Date.now`). */
  readonly now: () => number;
  /** Rows deleted per prune statement. */
  readonly batchSize: number;
  private readonly timeout: number;
  private readonly schema: RetryingOnce | undefined;
  private timer: BackgroundTimer | undefined;

  constructor(options: SqlStoreOptions, hooks: SqlStoreHooks) {
    this.timeout = resolveOperationTimeout(options.operationTimeout);
    this.now = resolveClock(options.now);
    this.batchSize = resolveBatchSize(options.pruneBatchSize);
    this.schema = hooks.setup && new RetryingOnce(hooks.setup);
    const interval = resolvePruneInterval(options.pruneInterval);
    if (interval !== false) this.timer = startBackgroundTimer(interval, 'prune', hooks.prune, options.onError ?? logBackgroundError);
  }

  /** Runs one store call once the schema is ready, with the store's deadline and typed errors. */
  run<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return afterSchema(this.schema, operation, this.timeout, work);
  }

  /** Stops background pruning; idempotent. */
  stop(): void {
    this.timer?.stop();
    this.timer = undefined;
  }
}
