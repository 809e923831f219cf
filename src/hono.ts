/**
 * `satchel/hono`: sessions as Hono middleware (Node through @hono/node-server, Bun, Deno,
 * workers): `app.use(session(…))`, then `c.get('session')`.
 */
export { session } from './adapters/hono/session.js';
export type { HonoSession, HonoSessionMiddleware, HonoSessionOptions, SessionEnv } from './adapters/hono/session.js';
export { cookieSession } from './adapters/hono/cookie-session.js';
export type { CookieSessionEnv, HonoCookieSessionMiddleware, HonoCookieSessionOptions } from './adapters/hono/cookie-session.js';
export { csrf } from './adapters/hono/csrf.js';
export type { CsrfEnv, HonoCsrfMiddleware } from './adapters/hono/csrf.js';
export * from './adapters/common/exports.js';
// Every shared type, SessionData included, so an app declares its keys where it imports from:
// declare module 'satchel/hono' { interface SessionData { … } }.
export type * from './types.js';
export { flash } from './adapters/hono/flash.js';
export type { FlashEnv } from './adapters/hono/flash.js';
