/**
 * The key options of `cookieSession()`: a static key ring, or one per tenant (`keys` as a
 * function of the tenant, with `tenant` naming it), validated at construction.
 */
import { randomBytes } from 'node:crypto';
import { createSealer, type Sealer } from '../../crypto/seal.js';
import { SealKeyError, type SealKeyRing, type SealKeysInput } from '../../crypto/seal-keyring.js';
import { resolveTenantSetup, type PerTenant, type TenantSetup } from '../tenants.js';

/** What `keys` accepts statically, or a function returning it per tenant. */
export type CookieSessionKeys<Req = any> = SealKeysInput | SealKeyRing | PerTenant<Req, SealKeysInput | SealKeyRing>;

/** The validated per-tenant part of the options. */
export interface SealedTenants<Req = any> {
  setup: TenantSetup<Req>;
  /** The per-tenant key function, or null when every tenant seals with the static `keys`. */
  keys: PerTenant<Req, SealKeysInput | SealKeyRing> | null;
  /** Builds a tenant's sealer with the middleware's settings; throws `SealKeyError` for a bad key ring. */
  sealer(keys: SealKeysInput | SealKeyRing): Sealer;
}

interface KeyOptionSource {
  keys: unknown;
  primaryKey?: string;
  tenant?: unknown;
  tenants?: unknown;
}

/** The sealer of the static keys (or a placeholder) and the per-tenant setup. `fail` throws the prefixed options error. */
export function resolveSealedKeys(options: KeyOptionSource, clockSkew: number, maxChunks: number, fail: (message: string) => never): { sealer: Sealer; tenants: SealedTenants | null } {
  const sealer = (keys: SealKeysInput | SealKeyRing) => createSealer({ keys, primary: options.primaryKey, clockSkewMs: clockSkew, maxLength: 4096 * maxChunks });
  const perTenant = typeof options.keys === 'function' ? (options.keys as PerTenant<unknown, SealKeysInput | SealKeyRing>) : null;
  const setup = resolveTenantSetup(options.tenant, options.tenants, perTenant ? ['keys'] : [], 'cookieSession: ');
  try {
    // With per-tenant keys every request seals with its tenant's ring; this one, of a key nobody
    // holds, only keeps the resolved options whole.
    const own = sealer(perTenant ? [randomBytes(32)] : (options.keys as SealKeysInput | SealKeyRing));
    return { sealer: own, tenants: setup === null ? null : { setup, keys: perTenant, sealer } };
  } catch (error) {
    if (error instanceof SealKeyError) fail(error.message);
    throw error;
  }
}
