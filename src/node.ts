/**
 * `satchel/node`: satchel's two kinds of session for a bare node:http (or HTTP/2 compat) server:
 * `await sessions(req, res)` inside the request listener, on the same lifecycle as the Express edge.
 */
export { session } from './adapters/node/session.js';
export type { NodeSessionOptions, NodeSessionHandler, NodeSessionFields, NodeRequestSession } from './adapters/node/session.js';
export { cookieSession } from './adapters/node/cookie-session.js';
export type { NodeCookieSessionOptions, NodeCookieSessionHandler, NodeCookieSessionFields } from './adapters/node/cookie-session.js';
export { defaultCommitError } from './adapters/node/fail.js';
export type { NodeRequest, NodeResponse, NodeCommitErrorHandler } from './adapters/node/types.js';
export type { Session, RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export type { SessionCookie } from './lifecycle/stored/session-cookie.js';
export type { CookieSessionOptions, CookieSessionCookieOptions } from './lifecycle/sealed/options.js';
export type { CookieSession, CookieSessionApi } from './lifecycle/sealed/session.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export type { SessionEvents, SessionEventName, SessionListener } from './lifecycle/stored/events.js';
export type { CookieSessionEvents, CookieSessionEventName } from './lifecycle/sealed/events.js';
export { MemoryStore } from './stores/memory/store.js';
// Re-exported so an app declares its keys where it imports from: declare module 'satchel/node' { interface SessionData { … } }.
export type { SessionData } from './types.js';
