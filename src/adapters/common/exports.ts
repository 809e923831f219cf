/**
 * What every framework subpath offers beside its own `session()` and `cookieSession()`: the
 * session objects' types, the options and events of both kinds, MemoryStore and the error
 * classes — one list, so the subpaths cannot drift apart.
 */
export type { Session, RegenerateOptions, UserSessionInfo } from '../../lifecycle/stored/session.js';
export type { SessionCookie } from '../../lifecycle/stored/session-cookie.js';
export type { SessionEvents, SessionEventName, SessionListener } from '../../lifecycle/stored/events.js';
export type { EncryptionOptions } from '../../lifecycle/stored/options.js';
export type { PerTenantEncryptionOptions } from '../../lifecycle/stored/tenant-options.js';
export type { PerTenant, TenantsOptions } from '../../lifecycle/tenants.js';
export type { CookieSessionKeys } from '../../lifecycle/sealed/tenant-options.js';
export type { SessionTimeouts, TimeoutsOption } from '../../lifecycle/timeouts.js';
export type { CookieSessionOptions, CookieSessionCookieOptions } from '../../lifecycle/sealed/options.js';
export type { CookieSession, CookieSessionApi } from '../../lifecycle/sealed/session.js';
export type { CookieSessionRequestOptions } from '../../lifecycle/sealed/request.js';
export type { CookieSessionEvents, CookieSessionEventName } from '../../lifecycle/sealed/events.js';
export type { Flash, FlashMessages, FlashReader } from '../../flash/flash.js';
export type { SessionActivity, ActivityOption } from '../../lifecycle/activity.js';
export { MemoryStore } from '../../stores/memory/store.js';
export type { MemoryStoreOptions } from '../../stores/memory/store.js';
export type { CsrfOptions } from '../../csrf/options.js';
export * from '../../errors.js';
