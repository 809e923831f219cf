/**
 * What the lifecycle lets an observer plug into, without knowing who observes: the option type
 * both modes accept and the two hooks the engines call. The OpenTelemetry wiring (src/telemetry/)
 * implements them; the lifecycle stays free of it, so nothing is loaded when telemetry is off.
 */

/**
 * The parts of `@opentelemetry/api` satchel uses, typed loosely so that satchel's own types never
 * require the optional peer: pass the module itself (`import * as otel from '@opentelemetry/api'`).
 */
export interface OpenTelemetryApiLike {
  readonly metrics: object;
  readonly trace: object;
  readonly context: object;
}

/**
 * The `telemetry` option of `session()` and `cookieSession()`.
 * `true` (the default): load `@opentelemetry/api` if it is installed and report to the global
 * providers; `false`: never load it; the module itself: use that copy (bundles without it on disk).
 */
export type TelemetryOption = boolean | OpenTelemetryApiLike;

/** Runs one synchronous store call (an in-process store's `getSync`, `createSync`, `updateSync`, `touchSync`) under observation. */
export type SyncStoreCall = <T>(operation: string, run: () => T) => T;

/** Told the size of each sealed session cookie written: bytes of `name=value` over all chunks. */
export type SealedCookieObserver = (bytes: number, chunks: number) => void;
