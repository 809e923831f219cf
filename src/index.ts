export { session } from './express/middleware.js';
export type { ExpressSessionOptions, SessionMiddleware } from './express/middleware.js';
export type {
  RequestSession,
  SessionMode,
  DeclaredSessionMode,
  StoreSessionRequest,
  CookieSessionRequest,
  SatchelRequestFields,
} from './express/augment.js';
export type { CookieSessionRequestOptions } from './stateless/request.js';
export type { Session } from './core/session.js';
export type { RegenerateOptions, UserSessionInfo } from './core/session.js';
export type { SessionCookie } from './core/session-cookie.js';
export { MemoryStore } from './store/memory.js';
export type { MemoryStoreOptions } from './store/memory.js';
export { cookieSession } from './express/cookie-session.js';
export { sessionOf, cookieSessionOf, cookieSessionOptionsOf } from './express/accessors.js';
export * from './errors.js';
export type * from './types.js';
export type { SessionOptions } from './core/options.js';
export type { SessionCookieOptions } from './core/cookie-settings.js';
export { TIMEOUT_PRESETS } from './core/timeouts.js';
export type { SessionTimeouts, TimeoutsOption } from './core/timeouts.js';
export type { SessionEvents, SessionEventName, SessionListener, RejectReason } from './core/events.js';
export type { CookieSessionMiddleware } from './express/cookie-session.js';
export type {
  CookieSessionOptions,
  CookieSessionCookieOptions,
  LegacyDecoder,
  LegacyInput,
  LegacySession,
  SealedSessionMeta,
} from './stateless/options.js';
export type { CookieSession, CookieSessionApi } from './stateless/session.js';
export type { CookieSessionEvents, CookieSessionEventName, CookieSessionRejectReason } from './stateless/events.js';
export { createSealer } from './cookie/seal.js';
export type { Sealer, SealBinding, SealRejectReason } from './cookie/seal.js';
export { generateSealKey, SealKeyError } from './cookie/seal-keyring.js';
export { readLegacyCookieSession } from './compat/cookie-session/legacy.js';
export type { LegacyCookieSessionOptions, LegacyCookieSession } from './compat/cookie-session/legacy.js';
export { Store } from './compat/store.js';
export { fromExpressStore, toExpressStore, bindExpressStore } from './store/express-interop.js';
export type { ExpressCompatibleStore, ExpressStoreLike, FromExpressStoreOptions, ToExpressStoreOptions } from './store/express-interop.js';
