/**
 * The session counters, fed by the lifecycle events both modes already emit. The listeners are
 * added only once the API is found, so without it the events keep having no listener and the
 * engines keep skipping the payloads (`EventBus.has`). Payload hashes are never used: the
 * counters' attributes are the mode and a reason, nothing that names a session or a user.
 */
import type { Attributes, Counter } from '@opentelemetry/api';
import type { SessionEventBus } from '../lifecycle/stored/events.js';
import type { CookieSessionEventBus } from '../lifecycle/sealed/events.js';
import { ATTR } from './names.js';
import type { MeterInstruments, TelemetrySource } from './source.js';

export const STORE_MODE: Attributes = Object.freeze({ [ATTR.mode]: 'store' });
export const COOKIE_MODE: Attributes = Object.freeze({ [ATTR.mode]: 'cookie' });

type Pick = (meter: MeterInstruments) => Counter;

function counting(source: TelemetrySource) {
  return (pick: Pick, attributes: Attributes) => {
    const meter = source.current()?.meter;
    if (meter) pick(meter).add(1, attributes);
  };
}

// One frozen attribute set per reason, built on first use: the reasons are a small closed set.
function perReason(mode: Attributes, key: string): (reason: string) => Attributes {
  const cache = new Map<string, Attributes>();
  return (reason) => {
    let attributes = cache.get(reason);
    if (!attributes) cache.set(reason, (attributes = Object.freeze({ ...mode, [key]: reason })));
    return attributes;
  };
}

type Listener = (payload: object) => void;

const reasonOf = (payload: object): string => String((payload as { reason?: unknown }).reason);

/** The listeners both modes share, for `mode`'s attributes. */
function commonListeners(source: TelemetrySource, mode: Attributes): Record<'created' | 'destroyed' | 'expired' | 'rejected', Listener> {
  const count = counting(source);
  const expiry = perReason(mode, ATTR.expiryReason);
  const rejection = perReason(mode, ATTR.rejectionReason);
  return {
    created: () => count((m) => m.created, mode),
    destroyed: () => count((m) => m.destroyed, mode),
    expired: (payload) => count((m) => m.expired, expiry(reasonOf(payload))),
    rejected: (payload) => count((m) => m.rejected, rejection(reasonOf(payload))),
  };
}

/** Counts `session()`'s events; returns the function that stops counting. */
export function countStoredEvents(source: TelemetrySource, events: SessionEventBus): () => void {
  const count = counting(source);
  const listeners = {
    ...commonListeners(source, STORE_MODE),
    conflict: () => count((m) => m.conflicts, STORE_MODE),
    login: () => count((m) => m.logins, STORE_MODE),
  };
  const names = Object.keys(listeners) as Array<keyof typeof listeners>;
  for (const name of names) events.on(name, listeners[name]);
  return () => {
    for (const name of names) events.off(name, listeners[name]);
  };
}

/** Counts `cookieSession()`'s events (it has no store, so no conflicts, and no user binding, so no logins). */
export function countSealedEvents(source: TelemetrySource, events: CookieSessionEventBus): void {
  const listeners = commonListeners(source, COOKIE_MODE);
  for (const name of Object.keys(listeners) as Array<keyof typeof listeners>) events.on(name, listeners[name]);
}
