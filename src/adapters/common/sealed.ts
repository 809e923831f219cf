/**
 * What every `cookieSession()` edge does the same way: options → sealed engine and its events,
 * request facts → a loaded {@link SealedRequest} (the request's handle and `req.session`).
 */
import { createSealedEngine } from '../../lifecycle/sealed/engine.js';
import type { CookieSessionRequestOptions, SealedRequest } from '../../lifecycle/sealed/request.js';
import { CookieSessionEventBus } from '../../lifecycle/sealed/events.js';
import type { CookieSessionEventName, CookieSessionListener } from '../../lifecycle/sealed/events.js';
import { resolveCookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { CookieSessionOptions } from '../../lifecycle/sealed/options.js';
import type { SessionWarning } from '../../http/secure.js';
import { instrumentSealed } from '../../telemetry/wire.js';
import { sealedTenants } from '../../lifecycle/sealed/tenant-engines.js';
import { checkActivity, resolveActivityOption, type SessionActivity } from '../../lifecycle/activity.js';

/** What an edge reads from its request before the sealed session opens. */
export interface SealedFacts {
  cookieHeader: string | undefined;
  /** The request reached the app over HTTPS (framework trust-proxy rules). */
  secure: boolean;
  /** The request is for a loopback host (localhost development over plain HTTP). */
  loopback: boolean;
}

/** The events API every `cookieSession()` unit carries. */
export interface SealedEventsApi<Self> {
  /**
   * Subscribes to `created`, `destroyed`, `expired` ({ reason: 'idle' | 'absolute' }),
   * `rejected` ({ reason }), `error` ({ error }: a `req.session` method failed and nobody awaited
   * it) or `warning` ({ code, message }). Payloads never contain cookie values (DET-02); listener
   * errors are ignored.
   */
  on<E extends CookieSessionEventName>(event: E, listener: CookieSessionListener<E>): Self;
  /** Removes a listener added with `on`. */
  off<E extends CookieSessionEventName>(event: E, listener: CookieSessionListener<E>): Self;
}

export interface SealedSessions<Req = unknown> {
  /**
   * Opens the request's cookies; synchronous unless an app hook (revoke, legacy decode, a
   * per-tenant `keys` function's first promise) must be awaited. `req` is what the `tenant` and
   * `activity` functions receive.
   */
  open(facts: SealedFacts, req: Req): SealedRequest | Promise<SealedRequest>;
  warn(warning: SessionWarning): boolean;
  /** Puts `on`/`off` on the framework's unit. */
  manage<T extends object>(unit: T): T & SealedEventsApi<T>;
}

export function sealedSessions<Req>(options: CookieSessionOptions<Req>): SealedSessions<Req> {
  const config = resolveCookieSessionOptions(options);
  const engine = createSealedEngine(config);
  const activity = resolveActivityOption<Req>(options.activity);
  const events = new CookieSessionEventBus();
  void instrumentSealed(options.telemetry, config, events);
  const emit = events.report;
  const tenants = sealedTenants(config, engine, emit, (error) => events.emit('error', error.tenant === undefined ? { error } : { error, tenant: error.tenant }));
  // The loopback exception only matters for a plain-HTTP request.
  const info = (facts: SealedFacts) => ({ cookieHeader: facts.cookieHeader, secure: facts.secure, localhost: !facts.secure && facts.loopback });
  // Chosen once, so a middleware without tenants costs per request what it always did. A tenant
  // whose keys cannot be had fails its request with `SessionTenantError` (thrown or rejected).
  const load: (facts: SealedFacts, req: Req) => SealedRequest | Promise<SealedRequest> =
    tenants === null
      ? (facts) => engine.load(info(facts), emit)
      : (facts, req) => {
          const tenant = tenants.of(req);
          if (tenant instanceof Promise) return tenant.then((t) => t.engine.load(info(facts), t.emit));
          return tenant.engine.load(info(facts), tenant.emit);
        };
  return {
    open(facts, req) {
      // Asked before the load, so a bad answer fails the request before anything is opened.
      const chosen = activity === null ? undefined : checkActivity(activity(req), 'the activity option');
      const loaded = load(facts, req);
      if (chosen === undefined || chosen === 'active') return loaded;
      return loaded instanceof Promise ? loaded.then((state) => withActivity(state, chosen)) : withActivity(loaded, chosen);
    },
    warn(warning) {
      if (!events.has('warning')) return false;
      events.emit('warning', warning);
      return true;
    },
    manage<T extends object>(unit: T) {
      const api = unit as T & SealedEventsApi<T>;
      api.on = (event, listener) => {
        events.on(event, listener);
        return unit;
      };
      api.off = (event, listener) => {
        events.off(event, listener);
        return unit;
      };
      return api;
    },
  };
}

function withActivity(state: SealedRequest, activity: SessionActivity): SealedRequest {
  state.activity = activity;
  return state;
}

/**
 * Makes `state`'s session the framework object's `session` (assigning null logs out, an object
 * starts a new session) and its per-request cookie options `sessionOptions`: `req` on Express and
 * node:http, `ctx` on Koa.
 */
export function exposeSealedSession(target: object, state: SealedRequest): void {
  Object.defineProperty(target, 'session', {
    configurable: true,
    enumerable: true,
    // Method syntax: arrow properties would each cost a defineProperty per request under esbuild keepNames.
    get() {
      return state.session;
    },
    set(value: unknown) {
      state.session = value;
    },
  });
  Object.defineProperty(target, 'sessionOptions', {
    configurable: true,
    enumerable: true,
    writable: true,
    value: state.options satisfies CookieSessionRequestOptions,
  });
}
