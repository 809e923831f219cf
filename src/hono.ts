/**
 * `satchel/hono`: sessions as Hono middleware (Node through @hono/node-server, Bun, Deno,
 * workers): `app.use(session(…))`, then `c.get('session')`.
 */
export { session } from './adapters/hono/session.js';
export type { HonoSession, HonoSessionMiddleware, HonoSessionOptions, SessionEnv } from './adapters/hono/session.js';
export { cookieSession } from './adapters/hono/cookie-session.js';
export type { CookieSessionEnv, HonoCookieSessionMiddleware, HonoCookieSessionOptions } from './adapters/hono/cookie-session.js';
export type { Session, RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export type { CookieSession, CookieSessionApi } from './lifecycle/sealed/session.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export { MemoryStore } from './stores/memory/store.js';
export * from './errors.js';
export type * from './types.js';
