/**
 * Finding `@opentelemetry/api`, an optional peer: imported lazily, once per process, and only when
 * a middleware with telemetry on is built. Absent, it resolves to null — never a warning, never a
 * rejection — and the engines stay exactly as they are without telemetry.
 */
import type * as OpenTelemetry from '@opentelemetry/api';

export type OtelApi = typeof OpenTelemetry;

/** Imports the API module; a test hands in a mock of a missing or broken install. */
export type ApiImporter = () => Promise<unknown>;

// A dynamic import in both builds (tsup keeps `import()` in the CJS output for Node 20), so
// neither loads the package until a middleware asks for it; test/telemetry/dist.test.ts runs both.
const importInstalledApi: ApiImporter = () => import('@opentelemetry/api');

let installed: Promise<OtelApi | null> | undefined;

/**
 * The installed API, or null when it is not installed or is not usable. Without an importer the
 * promise is shared by every middleware of the process, so awaiting it (as tests do) means every
 * middleware built before has been wired.
 */
export function loadOpenTelemetry(importer?: ApiImporter): Promise<OtelApi | null> {
  if (importer === undefined) return (installed ??= attempt(importInstalledApi));
  return attempt(importer);
}

function attempt(importer: ApiImporter): Promise<OtelApi | null> {
  try {
    return Promise.resolve(importer()).then(asOpenTelemetryApi, () => null);
  } catch {
    return Promise.resolve(null);
  }
}

/** The module as the API when it has what satchel calls (a namespace or its CJS default), else null. */
export function asOpenTelemetryApi(candidate: unknown): OtelApi | null {
  if (isApi(candidate)) return candidate;
  const fallback = (candidate as { default?: unknown } | null)?.default;
  return isApi(fallback) ? fallback : null;
}

function isApi(value: unknown): value is OtelApi {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const api = value as Partial<Record<'metrics' | 'trace' | 'context', Record<string, unknown> | undefined>>;
  return (
    typeof api.metrics?.getMeterProvider === 'function' &&
    typeof api.trace?.getTracerProvider === 'function' &&
    typeof api.trace?.setSpan === 'function' &&
    typeof api.context?.active === 'function' &&
    typeof api.context?.with === 'function'
  );
}
