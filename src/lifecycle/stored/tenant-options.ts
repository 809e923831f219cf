/**
 * The per-tenant options of `session()`: `tenant`, `tenants`, and `secret` / `encryption.keys`
 * given as functions of the tenant, validated at construction like every other option.
 */
import type { SealKeysInput } from '../../crypto/seal-keyring.js';
import type { SigningSecret } from '../../crypto/signer.js';
import { SessionOptionsError } from '../../errors.js';
import { resolveTenantSetup, type PerTenant, type TenantSetup } from '../tenants.js';

/** `encryption` with a key ring per tenant: `keys(tenant, req)` returns what a static `keys` takes. */
export interface PerTenantEncryptionOptions<Req = unknown> {
  keys: PerTenant<Req, SealKeysInput>;
  /** With `{ id: key }` maps of several keys: the id that seals, the same for every tenant. */
  primary?: string;
  /** @default true */
  write?: boolean;
}

/** The validated per-tenant part of the options. */
export interface StoredTenants<Req> {
  setup: TenantSetup<Req>;
  /** The per-tenant secret function, or null when every tenant signs with the static `secret`. */
  secret: PerTenant<Req, SigningSecret | SigningSecret[]> | null;
  /** Per-tenant encryption at rest, or null (no encryption, or one static key ring for all). */
  encryption: { keys: PerTenant<Req, SealKeysInput>; primary: string | undefined; write: boolean } | null;
  /** A tenant's secret is held to the same rule as a static one (the drop-in relaxes both). */
  allowWeakSecret: boolean;
}

interface TenantOptionSource<Req> {
  secret?: unknown;
  tenant?: unknown;
  tenants?: unknown;
  encryption?: unknown;
}

export function resolveStoredTenants<Req>(options: TenantOptionSource<Req>, allowWeakSecret: boolean): StoredTenants<Req> | null {
  const secret = typeof options.secret === 'function' ? (options.secret as PerTenant<Req, SigningSecret | SigningSecret[]>) : null;
  const encryption = options.encryption as { keys?: unknown; primary?: unknown; write?: unknown } | null | undefined;
  const keys = encryption !== null && typeof encryption === 'object' && typeof encryption.keys === 'function' ? (encryption.keys as PerTenant<Req, SealKeysInput>) : null;
  const functions = [...(secret ? ['secret'] : []), ...(keys ? ['encryption.keys'] : [])];
  const setup = resolveTenantSetup<Req>(options.tenant, options.tenants, functions);
  if (setup === null) return null;
  let perTenantEncryption: StoredTenants<Req>['encryption'] = null;
  if (keys !== null) {
    const { primary, write = true } = encryption!;
    if (primary !== undefined && typeof primary !== 'string') throw new SessionOptionsError('encryption.primary must be a key id (string)');
    if (typeof write !== 'boolean') throw new SessionOptionsError(`encryption.write must be true or false, got ${JSON.stringify(write)}`);
    perTenantEncryption = { keys, primary, write };
  }
  return { setup, secret, encryption: perTenantEncryption, allowWeakSecret };
}
