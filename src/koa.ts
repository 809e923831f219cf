/**
 * `satchel/koa`: satchel's two kinds of session as Koa middleware, on the same framework-free
 * lifecycle as the Express edge. `ctx.session` is typed by the mode declared in `KoaSessionMode`.
 */
export { session } from './adapters/koa/session.js';
export type { KoaSessionOptions, KoaSessionMiddleware } from './adapters/koa/session.js';
export { cookieSession } from './adapters/koa/cookie-session.js';
export type { KoaCookieSessionMiddleware } from './adapters/koa/cookie-session.js';
export { csrf } from './adapters/koa/csrf.js';
export type { KoaCsrfMiddleware } from './adapters/koa/csrf.js';
export type {
  KoaRequestSession,
  KoaSessionMode,
  DeclaredKoaSessionMode,
  KoaStoreSessionContext,
  KoaCookieSessionContext,
} from './adapters/koa/augment.js';
export * from './adapters/common/exports.js';
// Every shared type, SessionData included, so an app declares its keys where it imports from:
// declare module 'satchel/koa' { interface SessionData { … } }.
export type * from './types.js';
export { flash } from './adapters/koa/flash.js';
