export { session } from './adapters/express/middleware.js';
export type { SessionOptions, SessionMiddleware } from './adapters/express/middleware.js';
export type {
  RequestSession,
  SessionMode,
  DeclaredSessionMode,
  StoreSessionRequest,
  CookieSessionRequest,
  SatchelRequestFields,
} from './adapters/express/augment.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export type { Session } from './lifecycle/stored/session.js';
export type { RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export type { SessionCookie } from './lifecycle/stored/session-cookie.js';
export { MemoryStore } from './stores/memory/store.js';
export type { MemoryStoreOptions } from './stores/memory/store.js';
export { cookieSession } from './adapters/express/cookie-session.js';
export { sessionOf, cookieSessionOf, cookieSessionOptionsOf } from './adapters/express/accessors.js';
export { csrf } from './adapters/express/csrf.js';
export type { CsrfMiddleware } from './adapters/express/csrf.js';
export type { CsrfOptions } from './csrf/options.js';
export * from './errors.js';
export type * from './types.js';
export type { SessionCookieOptions } from './lifecycle/stored/cookie-settings.js';
export type { EncryptionOptions } from './lifecycle/stored/options.js';
export type { PerTenantEncryptionOptions } from './lifecycle/stored/tenant-options.js';
export type { PerTenant, TenantsOptions } from './lifecycle/tenants.js';
export type { CookieSessionKeys } from './lifecycle/sealed/tenant-options.js';
export { resealSessions } from './lifecycle/stored/reseal.js';
export type { ResealOptions } from './lifecycle/stored/reseal.js';
export { TIMEOUT_PRESETS } from './lifecycle/timeouts.js';
export type { SessionTimeouts, TimeoutsOption } from './lifecycle/timeouts.js';
export type { SessionEvents, SessionEventName, SessionListener, RejectReason } from './lifecycle/stored/events.js';
export type { CookieSessionMiddleware } from './adapters/express/cookie-session.js';
export type {
  CookieSessionOptions,
  CookieSessionCookieOptions,
  LegacyDecoder,
  LegacyInput,
  LegacySession,
  SealedSessionMeta,
} from './lifecycle/sealed/options.js';
export type { CookieSession, CookieSessionApi } from './lifecycle/sealed/session.js';
export type { CookieSessionEvents, CookieSessionEventName, CookieSessionRejectReason } from './lifecycle/sealed/events.js';
export { createSealer } from './crypto/seal.js';
export type { Sealer, SealBinding, SealRejectReason } from './crypto/seal.js';
export { generateSealKey, SealKeyError } from './crypto/seal-keyring.js';
export { readLegacyCookieSession } from './compat/cookie-session/legacy.js';
export type { LegacyCookieSessionOptions, LegacyCookieSession } from './compat/cookie-session/legacy.js';
export { Store } from './compat/express-session/store-base.js';
export { fromExpressStore, toExpressStore, bindExpressStore } from './stores/kit/express-interop.js';
export type { ExpressCompatibleStore, ExpressStoreLike, FromExpressStoreOptions, ToExpressStoreOptions } from './stores/kit/express-interop.js';
export { flash } from './adapters/express/flash.js';
export type { Flash, FlashMessages } from './flash/flash.js';
export type { SessionActivity, ActivityOption } from './lifecycle/activity.js';
