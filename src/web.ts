/**
 * `satchel/web`: sessions on Fetch API `Request`/`Response` (Next.js route handlers, Remix,
 * Bun.serve, Deno.serve, workers): `load(request)` → `.session` → `commit(response)`.
 */
export { session } from './adapters/web/session.js';
export type { WebSession, WebSessions, WebSessionOptions } from './adapters/web/session.js';
export { cookieSession } from './adapters/web/cookie-session.js';
export type { WebCookieSession, WebCookieSessions, WebCookieSessionOptions } from './adapters/web/cookie-session.js';
export type { Session, RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export type { CookieSession, CookieSessionApi } from './lifecycle/sealed/session.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export { MemoryStore } from './stores/memory/store.js';
export * from './errors.js';
export type * from './types.js';
