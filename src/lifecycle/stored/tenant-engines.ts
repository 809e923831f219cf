/**
 * One engine per tenant: the middleware's options with the tenant's signer, event key and (with
 * per-tenant `encryption.keys`) the store sealed under the tenant's keys, emitting on the
 * middleware's events with `tenant` added. Everything downstream (reader, commit, `req.session`,
 * per-user management) uses the engine it was given, so none of it knows about tenants.
 */
import { createAtRestCipher } from '../../crypto/at-rest.js';
import type { SealKeysInput } from '../../crypto/seal-keyring.js';
import type { SigningSecret } from '../../crypto/signer.js';
import { SessionTenantError } from '../../errors.js';
import { both, checkTenantName, TenantContexts } from '../tenants.js';
import { TenantEventBus } from '../tenant-events.js';
import { sealedAtRest } from './at-rest-store.js';
import { SessionEngine } from './engine.js';
import { deriveEventKey, validateSecrets } from './secrets.js';

/** The engines of a per-tenant `session()`, or null when it has no `tenant` option. */
export function tenantEngines<Req>(base: SessionEngine<Req>): TenantContexts<Req, SessionEngine<Req>> | null {
  const tenants = base.options.tenants;
  if (tenants === null) return null;
  const { secret, encryption } = tenants;
  const build = (tenant: string, given: unknown, keys: SealKeysInput | null): SessionEngine<Req> => {
    const secrets: SigningSecret[] = secret ? validateSecrets(given, tenants.allowWeakSecret) : base.options.secrets;
    const store = encryption && keys !== null ? sealedAtRest(base.options.store, createAtRestCipher(keys, encryption.primary), { write: encryption.write }) : base.options.store;
    const eventKey = secret ? deriveEventKey(secrets[0]!) : base.options.eventKey;
    return new SessionEngine<Req>({ ...base.options, secrets, eventKey, store }, new TenantEventBus(base.events, tenant));
  };
  return new TenantContexts<Req, SessionEngine<Req>>(tenants.setup, (tenant, req) => {
    const given = secret ? secret(tenant, req) : null;
    let keys: SealKeysInput | null | Promise<SealKeysInput>;
    try {
      keys = encryption ? encryption.keys(tenant, req) : null;
    } catch (error) {
      // The secret's promise is dropped with the request's failure: it must not reject unheard.
      if (given instanceof Promise) given.catch(() => {});
      throw error;
    }
    return both(given, keys, (s, k) => build(tenant, s, k));
  }, (error) => base.events.emit('error', error.tenant === undefined ? { error } : { error, tenant: error.tenant }));
}

/**
 * The engine a management call (`listUserSessions`, `destroyUserSessions`) runs on: the named
 * tenant's in a per-tenant setup, where user ids are hashed and records sealed per tenant.
 */
export async function managedEngine<Req>(base: SessionEngine<Req>, tenants: TenantContexts<Req, SessionEngine<Req>> | null, tenant: string | undefined): Promise<SessionEngine<Req>> {
  if (tenants === null) {
    if (tenant !== undefined) throw new SessionTenantError('{ tenant } was given, but this session() has no tenant option');
    return base;
  }
  if (tenant === undefined) throw new SessionTenantError('this session() keeps sessions per tenant: pass { tenant } to name whose sessions to manage');
  return tenants.get(checkTenantName(tenant), undefined);
}
