import { SessionOptionsError } from '../../../errors.js';
import type { StoreBaseOptions } from '../../../types.js';
import type { BackgroundErrorHandler } from './background.js';

/** Defaults shared by the SQL stores. */
export const SQL_STORE_DEFAULTS = Object.freeze({
  table: 'satchel_sessions',
  /** Prune every 15 minutes (connect-pg-simple #49/#162: every minute was too often). */
  pruneInterval: 15 * 60_000,
  /** Rows deleted per statement while pruning. */
  pruneBatchSize: 1000,
  createTable: true,
});

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** Table and schema names are spliced into SQL, so only plain identifiers are accepted. */
export function assertIdentifier(value: unknown, option: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw new SessionOptionsError(
      `${option} must be a plain SQL identifier (letters, digits and _, not starting with a digit, at most 63 characters), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** `false` disables background pruning (run `prune()` from cron instead); otherwise a positive interval in ms. */
export function resolvePruneInterval(value: number | false | undefined): number | false {
  if (value === undefined) return SQL_STORE_DEFAULTS.pruneInterval;
  if (value === false) return false;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
    throw new SessionOptionsError(`pruneInterval must be false or a positive number of milliseconds below 2^31, got ${String(value)}`);
  }
  return value;
}

/** Validates `pruneBatchSize`: a positive integer. */
export function resolveBatchSize(value: number | undefined): number {
  if (value === undefined) return SQL_STORE_DEFAULTS.pruneBatchSize;
  if (!Number.isInteger(value) || value <= 0) {
    throw new SessionOptionsError(`pruneBatchSize must be a positive integer, got ${String(value)}`);
  }
  return value;
}

/** Validates the injected clock; `Date.now` when absent. */
export function resolveClock(value: (() => number) | undefined): () => number {
  if (value === undefined) return Date.now;
  if (typeof value !== 'function') throw new SessionOptionsError('now must be a function returning milliseconds since the epoch');
  return value;
}

/** Options every SQL store accepts on top of {@link StoreBaseOptions}. */
export interface SqlStoreOptions extends StoreBaseOptions {
  /**
   * Table name (a plain identifier).
   * @default 'satchel_sessions'
   */
  table?: string;
  /**
   * Milliseconds between background prunes, or `false` to prune only when you call `prune()`
   * (serverless, cron). The timer is `unref`'d and one store at a time prunes a table.
   * @default 900000
   */
  pruneInterval?: number | false;
  /**
   * Expired rows deleted per statement while pruning.
   * @default 1000
   */
  pruneBatchSize?: number;
  /**
   * Create the table and its indexes on first use if missing (idempotent, safe when many
   * processes start together). Set `false` when migrations own the schema.
   * @default true
   */
  createTable?: boolean;
  /** Receives failures of background work (pruning). @default logs with console.error */
  onError?: BackgroundErrorHandler;
}
