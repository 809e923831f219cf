/**
 * `satchel/fastify`: satchel's sessions as Fastify 5 plugins, on the same lifecycle, options and
 * stores as the Express edge.
 */
import './adapters/fastify/augment.js';

export { session } from './adapters/fastify/session.js';
export type { FastifySessionOptions, FastifySessionPlugin } from './adapters/fastify/session.js';
export { cookieSession } from './adapters/fastify/cookie-session.js';
export type { FastifyCookieSessionPlugin } from './adapters/fastify/cookie-session.js';
export type {
  FastifyRequestSession,
  FastifySessionMode,
  FastifyStoredSessionRequest,
  FastifyCookieSessionRequest,
  SatchelFastifyFields,
} from './adapters/fastify/augment.js';
export type { CookieSessionOptions, CookieSessionCookieOptions } from './lifecycle/sealed/options.js';
export type { CookieSessionRequestOptions } from './lifecycle/sealed/request.js';
export type { CookieSession } from './lifecycle/sealed/session.js';
export type { Session, RegenerateOptions, UserSessionInfo } from './lifecycle/stored/session.js';
export { MemoryStore } from './stores/memory/store.js';
export * from './errors.js';
export type { SessionData, SessionStore, SessionInfo } from './types.js';
