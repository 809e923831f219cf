/**
 * The instruments of one middleware, looked up against the providers registered right now. The
 * API's global providers are no-ops until an SDK registers, and an SDK may register after the
 * middleware was built (or be replaced, as tests do): the instruments are rebuilt when a provider
 * changes, and are null while none is registered, so a call site does nothing but this check.
 */
import type { Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import type { OtelApi } from './api.js';
import { COOKIE_SIZE_BUCKETS, DURATION_BUCKETS, METRIC, SCOPE_NAME, SCOPE_VERSION } from './names.js';

export interface MeterInstruments {
  readonly created: Counter;
  readonly destroyed: Counter;
  readonly expired: Counter;
  readonly rejected: Counter;
  readonly conflicts: Counter;
  readonly logins: Counter;
  readonly storeDuration: Histogram;
  readonly cookieSize: Histogram;
}

/** What is live: either may be null (metrics without tracing, or the reverse), never both. */
export interface Instruments {
  readonly api: OtelApi;
  readonly meter: MeterInstruments | null;
  readonly tracer: Tracer | null;
}

export class TelemetrySource {
  private readonly noopMeter: unknown;
  private readonly noopTracerProvider: unknown;
  private meterProvider: unknown = undefined;
  private tracerProvider: unknown = undefined;
  private instruments: Instruments | null = null;

  /** `changed` hears of every rebuild: the stored mode adds its event listeners only while a meter is live. */
  constructor(
    private readonly api: OtelApi,
    private readonly changed?: (live: Instruments | null) => void,
  ) {
    // The no-op singletons, to tell "nothing registered" from a provider. A bare API object (the
    // module's default export) lacks the helpers: its providers then count as real, which costs
    // only the no-op instruments' calls.
    this.noopMeter = typeof api.createNoopMeter === 'function' ? api.createNoopMeter() : undefined;
    this.noopTracerProvider = typeof api.ProxyTracerProvider === 'function' ? new api.ProxyTracerProvider().getDelegate() : undefined;
  }

  /** The instruments for the providers registered now; null when neither is. */
  current(): Instruments | null {
    const api = this.api;
    const meterProvider = api.metrics.getMeterProvider();
    const proxy = api.trace.getTracerProvider() as { getDelegate?: () => unknown };
    const tracerProvider = typeof proxy.getDelegate === 'function' ? proxy.getDelegate() : proxy;
    if (meterProvider !== this.meterProvider || tracerProvider !== this.tracerProvider) {
      this.meterProvider = meterProvider;
      this.tracerProvider = tracerProvider;
      this.instruments = this.build(api, tracerProvider);
      this.changed?.(this.instruments);
    }
    return this.instruments;
  }

  private build(api: OtelApi, tracerProvider: unknown): Instruments | null {
    const meter = api.metrics.getMeter(SCOPE_NAME, SCOPE_VERSION);
    const meters = meter === this.noopMeter ? null : createMeterInstruments(meter);
    const tracer = tracerProvider === this.noopTracerProvider ? null : api.trace.getTracer(SCOPE_NAME, SCOPE_VERSION);
    return meters === null && tracer === null ? null : { api, meter: meters, tracer };
  }
}

function createMeterInstruments(meter: Meter): MeterInstruments {
  const counter = (name: string, description: string, unit: string) => meter.createCounter(name, { description, unit });
  return {
    created: counter(METRIC.created, 'Sessions created (first saved or first sealed).', '{session}'),
    destroyed: counter(METRIC.destroyed, 'Sessions ended by the application (destroy, logout, emptied).', '{session}'),
    expired: counter(METRIC.expired, 'Presented sessions found past their idle or absolute timeout.', '{session}'),
    rejected: counter(METRIC.rejected, 'Presented session cookies that gave no session, by reason.', '{session}'),
    conflicts: counter(METRIC.conflicts, 'Saves that found their record gone and were not applied.', '{conflict}'),
    logins: counter(METRIC.logins, 'Sessions bound to a user.', '{login}'),
    storeDuration: meter.createHistogram(METRIC.storeDuration, {
      description: 'Duration of session store operations.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    cookieSize: meter.createHistogram(METRIC.cookieSize, {
      description: 'Size of sealed session cookies written (name=value over all chunks).',
      unit: 'By',
      advice: { explicitBucketBoundaries: COOKIE_SIZE_BUCKETS },
    }),
  };
}
