/**
 * `satchel/koa`: satchel's two kinds of session as Koa middleware, on the same framework-free
 * lifecycle as the Express edge. `ctx.session` is typed by the mode declared in `KoaSessionMode`.
 */

export { session } from './adapters/koa/session.js';
export type { KoaSessionOptions, KoaSessionMiddleware } from './adapters/koa/session.js';
export { cookieSession } from './adapters/koa/cookie-session.js';
export type { KoaCookieSessionMiddleware } from './adapters/koa/cookie-session.js';
export type {
  KoaRequestSession,
  KoaSessionMode,
  DeclaredKoaSessionMode,
  KoaStoreSessionContext,
  KoaCookieSessionContext,
} from './adapters/koa/augment.js';
export type { Session, RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export type { SessionCookie } from './lifecycle/stored/session-cookie.js';
export type { CookieSessionOptions, CookieSessionCookieOptions } from './lifecycle/sealed/options.js';
export type { CookieSession, CookieSessionApi } from './lifecycle/sealed/session.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export type { SessionEvents, SessionEventName, SessionListener } from './lifecycle/stored/events.js';
export type { CookieSessionEvents, CookieSessionEventName } from './lifecycle/sealed/events.js';
export { MemoryStore } from './stores/memory/store.js';
// Re-exported so an app declares its keys where it imports from: declare module 'satchel/koa' { interface SessionData { … } }.
export type { SessionData } from './types.js';
