/**
 * What every `session()` edge does the same way, whatever the framework: options → engine (with
 * the default store and its warning), request facts → a loaded {@link RequestLifecycle}, and the
 * management API on the framework's unit. An edge adds only how its framework names the request,
 * the session property and the response.
 */
import { SessionEngine } from '../../lifecycle/stored/engine.js';
import { resolveOptions } from '../../lifecycle/stored/options.js';
import { withManagement } from '../../lifecycle/stored/management.js';
import type { SessionManagement } from '../../lifecycle/stored/management.js';
import { openLifecycle } from '../../lifecycle/stored/request-lifecycle.js';
import { tenantEngines } from '../../lifecycle/stored/tenant-engines.js';
import type { RequestLifecycle, SessionEdge } from '../../lifecycle/stored/request-lifecycle.js';
import { warnDefaultMemoryStore } from '../../stores/memory/warning.js';
import { isLoopback, warnIfForwardedHttps } from '../../http/secure.js';
import type { ProxyAdvice, RequestLike, SessionWarning } from '../../http/secure.js';
import type { SessionOptions } from './options.js';
import { toSatchelStore } from './store.js';
import { instrumentStored } from '../../telemetry/wire.js';
import { storeNameOf } from '../../telemetry/store-name.js';
import { checkActivity, resolveActivityOption, type SessionActivity } from '../../lifecycle/activity.js';

/** What an edge reads from its request before the session exists. */
export interface EdgeFacts {
  /** The raw Cookie header (several joined with `; `). */
  cookieHeader: string | undefined;
  userAgent: string | null;
  /** The request reached the app over HTTPS, by the framework's trust-proxy notion or satchel's `proxy` option. */
  secure: boolean;
}

export interface StoredSessions<Req> {
  readonly engine: SessionEngine<Req>;
  /** Loads the request's session and installs it through the edge; synchronous for in-process stores. */
  open(req: Req, facts: EdgeFacts): RequestLifecycle<Req> | Promise<RequestLifecycle<Req>>;
  /** Delivers a warning to `warning` listeners; false when there are none (the caller then warns the process). */
  warn(warning: SessionWarning): boolean;
  /** Puts the store, events and per-user management on the framework's unit (middleware, plugin). */
  manage<T extends object>(unit: T): T & SessionManagement<T>;
}

/** Builds the engine for `options`; `edge` says how the framework holds the session. */
export function storedSessions<Req>(options: SessionOptions<Req>, edge: (kit: StoredSessions<Req>) => SessionEdge<Req>): StoredSessions<Req> {
  const engine = new SessionEngine<Req>(resolveOptions<Req>({ ...options, store: toSatchelStore(options?.store) }));
  void instrumentStored(options.telemetry, engine.options, engine.events, storeNameOf(options.store));
  const activity = resolveActivityOption<Req>(options.activity);
  // Only the fallback warns: an app that passes `new MemoryStore()` chose it.
  if (options.store === undefined) warnDefaultMemoryStore();
  const tenants = tenantEngines(engine);
  let frameworkEdge: SessionEdge<Req>;
  const facts = (req: Req, edge: EdgeFacts) => ({ settings: engine.options.cookie(req, edge.secure), cookieHeader: edge.cookieHeader, userAgent: edge.userAgent });
  // Chosen once: without tenants a request costs what it always did. With them, the tenant's
  // engine (derived once per tenant) serves the request; a tenant whose secret or keys cannot be
  // had fails the request with `SessionTenantError`, thrown or rejected like a store failure.
  const load: (req: Req, edge: EdgeFacts) => RequestLifecycle<Req> | Promise<RequestLifecycle<Req>> =
    tenants === null
      ? (req, edge) => openLifecycle(engine, frameworkEdge, req, facts(req, edge))
      : (req, edge) => {
          const chosen = tenants.of(req);
          if (chosen instanceof Promise) return chosen.then((tenantEngine) => openLifecycle(tenantEngine, frameworkEdge, req, facts(req, edge)));
          return openLifecycle(chosen, frameworkEdge, req, facts(req, edge));
        };
  const kit: StoredSessions<Req> = {
    engine,
    open(req, edge) {
      // Asked before the load, so a bad answer fails the request before anything is opened.
      const chosen = activity === null ? undefined : checkActivity(activity(req), 'the activity option');
      const opened = load(req, edge);
      if (chosen === undefined || chosen === 'active') return opened;
      return opened instanceof Promise ? opened.then((lifecycle) => withActivity(lifecycle, chosen)) : withActivity(opened, chosen);
    },
    warn(warning) {
      if (!engine.events.has('warning')) return false;
      engine.events.emit('warning', warning);
      return true;
    },
    manage: (unit) => withManagement(unit, engine, tenants),
  };
  frameworkEdge = edge(kit);
  return kit;
}

function withActivity<Req>(lifecycle: RequestLifecycle<Req>, activity: SessionActivity): RequestLifecycle<Req> {
  lifecycle.state.activity = activity;
  return lifecycle;
}

/**
 * The edge of frameworks that keep the session on a Node-shaped request (`req.session`,
 * `req.sessionID`, `req.headers`): Express and node:http. `advice` names the framework's own
 * trust-proxy setting in the forwarded-HTTPS warning; `idFollowsSession` says when the request's
 * prototype already gives `req.sessionID` (Express, adapters/express/request-prototype.ts).
 */
export function requestPropertyEdge<Req>(advice: ProxyAdvice, idFollowsSession?: (req: object) => boolean): (kit: StoredSessions<Req>) => SessionEdge<Req> {
  return (kit) => ({
    session: (req) => (req as unknown as RequestLike).session,
    install(req, session) {
      const request = req as unknown as RequestLike;
      request.session = session;
      if (idFollowsSession === undefined || !idFollowsSession(request)) request.sessionID = session.id;
    },
    isLoopback: (req) => isLoopback(req as unknown as RequestLike),
    plainHttp: (req) => warnIfForwardedHttps(kit, 'session()', req as unknown as RequestLike, kit.warn, advice),
  });
}
