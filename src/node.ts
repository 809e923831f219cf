/**
 * `satchel/node`: satchel's two kinds of session for a bare node:http (or HTTP/2 compat) server:
 * `await sessions(req, res)` inside the request listener, on the same lifecycle as the Express edge.
 */
export { session } from './adapters/node/session.js';
export type { NodeSessionOptions, NodeSessionHandler, NodeSessionFields, NodeRequestSession } from './adapters/node/session.js';
export { cookieSession } from './adapters/node/cookie-session.js';
export type { NodeCookieSessionOptions, NodeCookieSessionHandler, NodeCookieSessionFields } from './adapters/node/cookie-session.js';
export { csrf } from './adapters/node/csrf.js';
export type { NodeCsrfHandler, NodeCsrfFields, NodeCsrfCheckOptions } from './adapters/node/csrf.js';
export { defaultCommitError } from './adapters/node/fail.js';
export type { NodeRequest, NodeResponse, NodeCommitErrorHandler } from './adapters/node/types.js';
export * from './adapters/common/exports.js';
// Every shared type, SessionData included, so an app declares its keys where it imports from:
// declare module 'satchel/node' { interface SessionData { … } }.
export type * from './types.js';
export { flash } from './adapters/node/flash.js';
export type { NodeFlashFields } from './adapters/node/flash.js';
