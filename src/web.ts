/**
 * `satchel/web`: sessions on Fetch API `Request`/`Response` (Next.js route handlers, Remix,
 * Bun.serve, Deno.serve, workers): `load(request)` → `.session` → `commit(response)`.
 */
export { session } from './adapters/web/session.js';
export type { WebSession, WebSessions, WebSessionOptions } from './adapters/web/session.js';
export { cookieSession } from './adapters/web/cookie-session.js';
export type { WebCookieSession, WebCookieSessions, WebCookieSessionOptions } from './adapters/web/cookie-session.js';
export { csrf } from './adapters/web/csrf.js';
export type { WebCsrf, WebCsrfCheckOptions, WebCsrfSessionHolder } from './adapters/web/csrf.js';
export * from './adapters/common/exports.js';
// Every shared type, SessionData included, so an app declares its keys where it imports from:
// declare module 'satchel/web' { interface SessionData { … } }.
export type * from './types.js';
export { flash } from './adapters/web/flash.js';
