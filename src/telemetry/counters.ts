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

/** Counts `session()`'s events; returns the function that stops counting. */
export function countStoredEvents(source: TelemetrySource, events: SessionEventBus): () => void {
  const count = counting(source);
  const expiry = perReason(STORE_MODE, ATTR.expiryReason);
  const rejection = perReason(STORE_MODE, ATTR.rejectionReason);
  const created = () => count((m) => m.created, STORE_MODE);
  const destroyed = () => count((m) => m.destroyed, STORE_MODE);
  const expired = ({ reason }: { reason: string }) => count((m) => m.expired, expiry(reason));
  const rejected = ({ reason }: { reason: string }) => count((m) => m.rejected, rejection(reason));
  const conflict = () => count((m) => m.conflicts, STORE_MODE);
  const login = () => count((m) => m.logins, STORE_MODE);
  events.on('created', created);
  events.on('destroyed', destroyed);
  events.on('expired', expired);
  events.on('rejected', rejected);
  events.on('conflict', conflict);
  events.on('login', login);
  return () => {
    events.off('created', created);
    events.off('destroyed', destroyed);
    events.off('expired', expired);
    events.off('rejected', rejected);
    events.off('conflict', conflict);
    events.off('login', login);
  };
}

/** Counts `cookieSession()`'s events (it has no store, so no conflicts, and no user binding, so no logins). */
export function countSealedEvents(source: TelemetrySource, events: CookieSessionEventBus): void {
  const count = counting(source);
  const expiry = perReason(COOKIE_MODE, ATTR.expiryReason);
  const rejection = perReason(COOKIE_MODE, ATTR.rejectionReason);
  const created = () => count((m) => m.created, COOKIE_MODE);
  const destroyed = () => count((m) => m.destroyed, COOKIE_MODE);
  const expired = ({ reason }: { reason: string }) => count((m) => m.expired, expiry(reason));
  const rejected = ({ reason }: { reason: string }) => count((m) => m.rejected, rejection(reason));
  events.on('created', created);
  events.on('destroyed', destroyed);
  events.on('expired', expired);
  events.on('rejected', rejected);
}
