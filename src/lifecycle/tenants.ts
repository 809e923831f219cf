/**
 * Per-tenant key material: which tenant a request belongs to, and the material derived for that
 * tenant (a signer, a sealer, a sealed store...) kept in a bounded LRU so the derivation (key
 * validation, HKDF, key ring) runs once per tenant rather than once per request.
 */
import { SessionOptionsError, SessionTenantError } from '../errors.js';
import { BoundedCache } from './bounded-cache.js';

/**
 * A value chosen per tenant: a secret or a key ring, or a promise of one (read from a vault).
 * `req` is the request being served; it is `undefined` when a management call
 * (`listUserSessions(userId, { tenant })`) needs the tenant's material outside any request.
 */
export type PerTenant<Req, T> = (tenant: string, req: Req | undefined) => T | Promise<T>;

/** The `tenants` option: how many tenants' derived material is kept. */
export interface TenantsOptions {
  /** Tenants kept in memory; the least recently served one is dropped past it (and derived again when it returns). @default 1000 */
  max?: number;
}

/** The defaults of the per-tenant options, in one place. */
export const TENANT_DEFAULTS = Object.freeze({ max: 1000, maxNameLength: 256 });

/** The validated tenant options. */
export interface TenantSetup<Req> {
  name: (req: Req) => string;
  max: number;
}

/**
 * Validates `tenant` and `tenants` at construction. `functions` names the options given as
 * functions of the tenant: they need a `tenant` so the cache has a key and the events a name.
 */
export function resolveTenantSetup<Req>(tenant: unknown, tenants: unknown, functions: string[], prefix = ''): TenantSetup<Req> | null {
  if (tenant === undefined) {
    if (functions.length > 0) {
      throw new SessionOptionsError(`${prefix}${functions.join(' and ')} ${functions.length > 1 ? 'are functions' : 'is a function'} of the tenant: add tenant: (req) => string, naming the request's tenant`);
    }
    if (tenants !== undefined) throw new SessionOptionsError(`${prefix}tenants needs tenant: (req) => string`);
    return null;
  }
  if (typeof tenant !== 'function') throw new SessionOptionsError(`${prefix}tenant must be a function (req) => string`);
  if (tenants !== undefined && (tenants === null || typeof tenants !== 'object')) throw new SessionOptionsError(`${prefix}tenants must be { max }`);
  const max = (tenants as TenantsOptions | undefined)?.max ?? TENANT_DEFAULTS.max;
  if (!Number.isSafeInteger(max) || max < 1) throw new SessionOptionsError(`${prefix}tenants.max must be a positive integer, got ${JSON.stringify(max)}`);
  return { name: tenant as (req: Req) => string, max };
}

/** Turns any failure of a tenant's derivation into the typed error the request fails with. */
export function tenantFailure(tenant: string | undefined, error: unknown): SessionTenantError {
  if (error instanceof SessionTenantError) return error;
  const reason = error instanceof Error ? error.message : String(error);
  const who = tenant === undefined ? 'the tenant function' : `tenant ${JSON.stringify(tenant)}`;
  return new SessionTenantError(`${who}: ${reason}`, { cause: error, tenant });
}

/** Checks a tenant name from the app (the `tenant` function's result, or a management call's `{ tenant }`). */
export function checkTenantName(name: unknown): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > TENANT_DEFAULTS.maxNameLength) {
    throw new SessionTenantError(`the tenant must be a non-empty string of at most ${TENANT_DEFAULTS.maxNameLength} characters, got ${typeof name === 'string' ? `${name.length} characters` : typeof name}`);
  }
  return name;
}

/**
 * The per-tenant contexts of one middleware. `derive` builds a tenant's context (and validates
 * what the app's functions returned); it is called once per tenant while the tenant stays in the
 * cache. A pending derivation is shared by the requests that wait for it; a failed one is not
 * kept, so the next request of that tenant tries again (a vault that was down recovers).
 */
export class TenantContexts<Req, C extends object> {
  private readonly cache: BoundedCache<string, C | Promise<C>>;

  /** `report` hears each failure a request meets (the middleware's `error` event), besides the request's own error path. */
  constructor(
    private readonly setup: TenantSetup<Req>,
    private readonly derive: (tenant: string, req: Req | undefined) => C | Promise<C>,
    private readonly report: (error: SessionTenantError) => void = () => {},
  ) {
    this.cache = new BoundedCache(setup.max);
  }

  /** The request's tenant name; a typed error when the app's function fails or names none. */
  tenantOf(req: Req): string {
    let name: unknown;
    try {
      name = this.setup.name(req);
    } catch (error) {
      throw tenantFailure(undefined, error);
    }
    return checkTenantName(name);
  }

  /** The context of the request's tenant: synchronous once derived (and for synchronous functions). */
  of(req: Req): C | Promise<C> {
    try {
      return this.get(this.tenantOf(req), req);
    } catch (error) {
      this.report(error as SessionTenantError);
      throw error;
    }
  }

  /** The context of a named tenant; throws or rejects with a `SessionTenantError`. */
  get(tenant: string, req: Req | undefined): C | Promise<C> {
    const hit = this.cache.get(tenant);
    if (hit !== undefined) return hit;
    let made: C | Promise<C>;
    try {
      made = this.derive(tenant, req);
    } catch (error) {
      throw tenantFailure(tenant, error);
    }
    if (!(made instanceof Promise)) {
      this.cache.set(tenant, made);
      return made;
    }
    const pending: Promise<C> = made.then(
      (context) => {
        // Replaces the promise, so later requests of the tenant go on synchronously.
        if (this.cache.get(tenant) === pending) this.cache.set(tenant, context);
        return context;
      },
      (error: unknown) => {
        this.cache.deleteIf(tenant, pending);
        const failure = tenantFailure(tenant, error);
        this.report(failure);
        throw failure;
      },
    );
    this.cache.set(tenant, pending);
    return pending;
  }
}

/** Calls both per-tenant functions and hands their results on together, synchronously when both are. */
export function both<A, B, R>(a: A | Promise<A>, b: B | Promise<B>, then: (a: A, b: B) => R): R | Promise<R> {
  if (a instanceof Promise || b instanceof Promise) return Promise.all([a, b]).then(([x, y]) => then(x, y));
  return then(a, b);
}
