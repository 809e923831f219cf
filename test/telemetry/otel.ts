/**
 * The real OpenTelemetry SDK, in memory, registered as the global providers for one test file:
 * a MeterProvider read by an in-memory exporter, a BasicTracerProvider exporting to an in-memory
 * span exporter, and the AsyncLocalStorage context manager that carries a request's span.
 */
import * as api from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export { api };

export interface Otel {
  /** Every metric of scope `satchel` collected so far (cumulative since `install`). */
  metrics(): Promise<MetricData[]>;
  spans(): ReadableSpan[];
  /** Unregisters the providers and the context manager. */
  uninstall(): Promise<void>;
}

export function installOtel(options: { metrics?: boolean; traces?: boolean } = {}): Otel {
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  api.context.setGlobalContextManager(contextManager);
  if (options.metrics !== false) api.metrics.setGlobalMeterProvider(meterProvider);
  if (options.traces !== false) api.trace.setGlobalTracerProvider(tracerProvider);
  return {
    async metrics() {
      exporter.reset();
      await reader.forceFlush();
      const scopes = exporter.getMetrics().flatMap((resource) => resource.scopeMetrics);
      return scopes.filter((scope) => scope.scope.name === 'satchel').flatMap((scope) => scope.metrics);
    },
    spans: () => spanExporter.getFinishedSpans().filter((span) => span.instrumentationScope.name === 'satchel' || span.name.startsWith('test.')),
    async uninstall() {
      api.metrics.disable();
      api.trace.disable();
      api.context.disable();
      await meterProvider.shutdown();
      await tracerProvider.shutdown();
    },
  };
}

type Attrs = Record<string, string | number>;

function matches(point: DataPoint<unknown>, attributes: Attrs): boolean {
  return Object.entries(attributes).every(([key, value]) => point.attributes[key] === value);
}

function metric(all: MetricData[], name: string): MetricData | undefined {
  return all.find((entry) => entry.descriptor.name === name);
}

/** Sum of a counter's points whose attributes include `attributes` (0 when absent). */
export function counted(all: MetricData[], name: string, attributes: Attrs = {}): number {
  const found = metric(all, name);
  if (!found) return 0;
  if (found.dataPointType !== DataPointType.SUM) throw new Error(`${name} is not a counter`);
  return (found.dataPoints as DataPoint<number>[]).filter((point) => matches(point, attributes)).reduce((sum, point) => sum + point.value, 0);
}

/** The histogram points of `name` whose attributes include `attributes`. */
export function histogramPoints(all: MetricData[], name: string, attributes: Attrs = {}): DataPoint<Histogram>[] {
  const found = metric(all, name);
  if (!found) return [];
  if (found.dataPointType !== DataPointType.HISTOGRAM) throw new Error(`${name} is not a histogram`);
  return (found.dataPoints as DataPoint<Histogram>[]).filter((point) => matches(point, attributes));
}

/** How many values a histogram recorded under `attributes`. */
export function recorded(all: MetricData[], name: string, attributes: Attrs = {}): number {
  return histogramPoints(all, name, attributes).reduce((sum, point) => sum + point.value.count, 0);
}

export function descriptorOf(all: MetricData[], name: string) {
  return metric(all, name)?.descriptor;
}
