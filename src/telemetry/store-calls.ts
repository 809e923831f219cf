/**
 * The duration histogram and the span of a store call, around `session()`'s one store wrapper.
 * The span is INTERNAL, not CLIENT: the driver's own instrumentation (ioredis, pg, mongodb) emits
 * the CLIENT span of the network call, which then nests under this one; a memory or SQLite store
 * makes no remote call at all. Its attributes name the store and the operation only — never the
 * session id, the store key or a user id.
 */
import { performance } from 'node:perf_hooks';
import type { Attributes, Span } from '@opentelemetry/api';
import type { SyncStoreCall } from '../lifecycle/telemetry-hooks.js';
import { ATTR, storeSpanName } from './names.js';
import type { Instruments, TelemetrySource } from './source.js';

/** `session()`'s store wrapper (`ResolvedOptions.call`). */
export type StoreCall = <T>(operation: string, run: () => Promise<T>) => Promise<T>;

// Stable numeric values of the API's enums, so a bare API object (without the enums) works too.
const SPAN_KIND_INTERNAL = 0;
const SPAN_STATUS_ERROR = 2;

/** `base` observed: a span and a duration per call while a provider is registered, `base` alone otherwise. */
export function observedStoreCall(source: TelemetrySource, storeName: string, base: StoreCall): StoreCall {
  return <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const live = source.current();
    if (live === null) return base(operation, run);
    const call = new ObservedCall(live, storeName, operation);
    let result: Promise<T>;
    try {
      result = call.run(() => base(operation, run));
    } catch (error) {
      call.end(error);
      throw error;
    }
    return result.then(
      (value) => {
        call.end(null);
        return value;
      },
      (error: unknown) => {
        call.end(error);
        throw error;
      },
    );
  };
}

/** The same for the synchronous in-process read (`getSync`). */
export function observedSyncCall(source: TelemetrySource, storeName: string): SyncStoreCall {
  return (operation, run) => {
    const live = source.current();
    if (live === null) return run();
    const call = new ObservedCall(live, storeName, operation);
    try {
      const value = call.run(run);
      call.end(null);
      return value;
    } catch (error) {
      call.end(error);
      throw error;
    }
  };
}

class ObservedCall {
  private readonly start = performance.now();
  private readonly attributes: Attributes;
  private readonly span: Span | null;

  constructor(
    private readonly live: Instruments,
    storeName: string,
    operation: string,
  ) {
    this.attributes = { [ATTR.storeName]: storeName, [ATTR.storeOperation]: operation };
    const { api, tracer } = live;
    // The parent is the request's span: whatever context is active where the engine calls the store.
    this.span = tracer === null ? null : tracer.startSpan(storeSpanName(operation), { kind: SPAN_KIND_INTERNAL, attributes: this.attributes }, api.context.active());
  }

  /** Runs the call inside the span, so the driver's spans become its children. */
  run<T>(work: () => T): T {
    if (this.span === null) return work();
    const { api } = this.live;
    return api.context.with(api.trace.setSpan(api.context.active(), this.span), work);
  }

  end(error: unknown): void {
    const seconds = (performance.now() - this.start) / 1000;
    const type = error === null ? null : errorType(error);
    this.live.meter?.storeDuration.record(seconds, type === null ? this.attributes : { ...this.attributes, [ATTR.errorType]: type });
    if (this.span === null) return;
    if (type !== null) {
      this.span.setAttribute(ATTR.errorType, type);
      // The code only: a driver's message may quote the store key or the record.
      this.span.setStatus({ code: SPAN_STATUS_ERROR, message: type });
    }
    this.span.end();
  }
}

/** `error.type`: the error's code (`ERR_SESSION_STORE_TIMEOUT`), else its class, else `_OTHER` as the convention says. */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  if (error instanceof Error && error.name) return error.name;
  return '_OTHER';
}
