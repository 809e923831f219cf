/**
 * Wiring telemetry into a freshly built engine, for both modes. With the default (`true`) the API
 * is imported in the background and the engine is wired when it arrives: requests served before
 * that (the first milliseconds of a process) go unobserved, and when the API is absent nothing is
 * ever wired. An API object passed in is wired at once.
 */
import type { Attributes } from '@opentelemetry/api';
import { SessionOptionsError } from '../errors.js';
import type { ResolvedOptions } from '../lifecycle/stored/options.js';
import type { SessionEventBus } from '../lifecycle/stored/events.js';
import type { ResolvedCookieSessionOptions } from '../lifecycle/sealed/options.js';
import type { CookieSessionEventBus } from '../lifecycle/sealed/events.js';
import { asOpenTelemetryApi, loadOpenTelemetry, type ApiImporter, type OtelApi } from './api.js';
import { COOKIE_MODE, countSealedEvents, countStoredEvents } from './counters.js';
import { ATTR } from './names.js';
import { TelemetrySource } from './source.js';
import { observedStoreCall, observedSyncCall } from './store-calls.js';

/** Resolves to whether the engine was wired (false: telemetry off, or the API is not installed). */
export type Wired = Promise<boolean>;

/**
 * Validates the `telemetry` option at construction and finds the API: `null` for off, a promise
 * for the default. `importer` replaces the real import in tests (a mock of an absent package).
 */
function findApi(option: unknown, importer: ApiImporter | undefined): OtelApi | Promise<OtelApi | null> | null {
  if (option === false) return null;
  if (option === undefined || option === true) return loadOpenTelemetry(importer);
  const api = asOpenTelemetryApi(option);
  if (api === null) throw new SessionOptionsError('telemetry must be true, false or the @opentelemetry/api module');
  return api;
}

function whenFound(option: unknown, importer: ApiImporter | undefined, wire: (api: OtelApi) => void): Wired {
  const found = findApi(option, importer);
  if (found === null) return Promise.resolve(false);
  if (!(found instanceof Promise)) {
    wire(found);
    return Promise.resolve(true);
  }
  return found.then((api) => {
    if (api === null) return false;
    wire(api);
    return true;
  });
}

/** `session()`: spans and durations around every store call, counters on the engine's events. */
export function instrumentStored<Req>(
  option: unknown,
  options: ResolvedOptions<Req>,
  events: SessionEventBus,
  storeName: string,
  importer?: ApiImporter,
): Wired {
  return whenFound(option, importer, (api) => {
    // Listening makes the engine hash the id for every `created` and `login` payload: only while
    // a meter can count them. Every store call checks the providers, and a session is created by
    // one, so the listeners are in place before its event.
    let stop: (() => void) | null = null;
    const source = new TelemetrySource(api, (live) => {
      if (live?.meter && stop === null) stop = countStoredEvents(source, events);
      else if (!live?.meter && stop !== null) {
        stop();
        stop = null;
      }
    });
    source.current();
    options.call = observedStoreCall(source, storeName, options.call);
    options.syncCall = observedSyncCall(source, storeName);
  });
}

/** `cookieSession()`: counters on its events and the size of every cookie it seals. */
export function instrumentSealed(option: unknown, config: ResolvedCookieSessionOptions, events: CookieSessionEventBus, importer?: ApiImporter): Wired {
  return whenFound(option, importer, (api) => {
    const source = new TelemetrySource(api);
    const byChunks = new Map<number, Attributes>();
    config.cookieWritten = (bytes, chunks) => {
      const meter = source.current()?.meter;
      if (!meter) return;
      let attributes = byChunks.get(chunks);
      if (attributes === undefined) byChunks.set(chunks, (attributes = Object.freeze({ ...COOKIE_MODE, [ATTR.cookieChunks]: chunks })));
      meter.cookieSize.record(bytes, attributes);
    };
    countSealedEvents(source, events);
  });
}
