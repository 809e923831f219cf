/**
 * One sealed engine per tenant: the middleware's configuration with the tenant's sealer, and an
 * emit that adds `tenant` to every event. The engine and the request it builds use the sealer
 * they were given, so a seal made for one tenant is opened only with that tenant's key ring.
 */
import type { SessionTenantError } from '../../errors.js';
import { TenantContexts } from '../tenants.js';
import { createSealedEngine, type SealedEngine } from './engine.js';
import type { CookieSessionEmit } from './events.js';
import type { ResolvedCookieSessionOptions } from './options.js';

/** A tenant's engine and the emit its requests report on. */
export interface SealedTenant {
  readonly engine: SealedEngine;
  readonly emit: CookieSessionEmit;
}

/** The tenants of a per-tenant `cookieSession()`, or null without a `tenant` option. */
/**
 * `report` is the middleware's emit for its requests; `failed` hears a tenant's failure, which
 * also reaches the request (so it is an event, never an extra process warning).
 */
export function sealedTenants(
  config: ResolvedCookieSessionOptions,
  engine: SealedEngine,
  report: CookieSessionEmit,
  failed: (error: SessionTenantError) => void,
): TenantContexts<unknown, SealedTenant> | null {
  const tenants = config.tenants;
  if (tenants === null) return null;
  const build = (tenant: string, sealer: ResolvedCookieSessionOptions['sealer'] | null): SealedTenant => ({
    engine: sealer === null ? engine : createSealedEngine({ ...config, sealer }),
    emit: (event, payload) => report(event, { ...payload, tenant }),
  });
  return new TenantContexts<unknown, SealedTenant>(tenants.setup, (tenant, req) => {
    if (tenants.keys === null) return build(tenant, null);
    const keys = tenants.keys(tenant, req);
    if (keys instanceof Promise) return keys.then((ring) => build(tenant, tenants.sealer(ring)));
    return build(tenant, tenants.sealer(keys));
  }, failed);
}
