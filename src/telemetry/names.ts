/**
 * Every name satchel reports under, in OpenTelemetry's semantic-convention style: a `satchel.`
 * namespace, dotted lowercase, units in UCUM (`s`, `By`, `{session}`). The README's Telemetry
 * section lists the same names; test/telemetry/names.test.ts keeps the two in step.
 */

/** Instrumentation scope (meter and tracer) name. */
export const SCOPE_NAME = 'satchel';
/** Instrumentation scope version: satchel's package version (a test checks it against package.json). */
export const SCOPE_VERSION = '0.1.0';

export const METRIC = Object.freeze({
  created: 'satchel.session.created',
  destroyed: 'satchel.session.destroyed',
  expired: 'satchel.session.expired',
  rejected: 'satchel.session.rejected',
  conflicts: 'satchel.session.conflicts',
  logins: 'satchel.session.logins',
  storeDuration: 'satchel.store.operation.duration',
  cookieSize: 'satchel.cookie.size',
});

export const ATTR = Object.freeze({
  /** `store` for `session()`, `cookie` for `cookieSession()`. */
  mode: 'satchel.session.mode',
  expiryReason: 'satchel.session.expiry.reason',
  rejectionReason: 'satchel.session.rejection.reason',
  storeName: 'satchel.store.name',
  storeOperation: 'satchel.store.operation',
  /** Semantic-convention attribute: the error's code (`ERR_SESSION_STORE_TIMEOUT`) or class. */
  errorType: 'error.type',
  cookieChunks: 'satchel.cookie.chunks',
});

/** Span name of a store call: `satchel.store <operation>`, e.g. `satchel.store get`. */
export function storeSpanName(operation: string): string {
  return `satchel.store ${operation}`;
}

/** Store calls take microseconds (memory) to a network round trip (Redis, SQL): finer low buckets than the SDK default. */
export const DURATION_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Around the 4096-byte cookie limit browsers enforce. */
export const COOKIE_SIZE_BUCKETS = [128, 256, 512, 1024, 2048, 3072, 4096, 8192, 16384];
