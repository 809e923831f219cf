/**
 * `satchel/fastify`: satchel's sessions as Fastify 5 plugins, on the same lifecycle, options and
 * stores as the Express edge.
 */
import './adapters/fastify/augment.js';

export { session } from './adapters/fastify/session.js';
export type { FastifySessionOptions, FastifySessionPlugin } from './adapters/fastify/session.js';
export { cookieSession } from './adapters/fastify/cookie-session.js';
export type { FastifyCookieSessionPlugin } from './adapters/fastify/cookie-session.js';
export { csrf } from './adapters/fastify/csrf.js';
export type { FastifyCsrfPlugin } from './adapters/fastify/csrf.js';
export type {
  FastifyRequestSession,
  FastifySessionMode,
  FastifyStoredSessionRequest,
  FastifyCookieSessionRequest,
  SatchelFastifyFields,
} from './adapters/fastify/augment.js';
export * from './adapters/common/exports.js';
// Every shared type, SessionData included, so an app declares its keys where it imports from:
// declare module 'satchel/fastify' { interface SessionData { … } }.
export type * from './types.js';
export { flash } from './adapters/fastify/flash.js';
