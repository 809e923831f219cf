// `satchel/cookie-session`: a drop-in for cookie-session 2.1. The default export is the
// middleware factory, so `require('satchel/cookie-session')` works like `require('cookie-session')`.
export { cookieSession as default } from './cookie-session/middleware.js';
export type { DropInCookieSessionOptions, DropInCookieSessionMiddleware } from './cookie-session/middleware.js';
export type { DropInCookieAttributes } from './cookie-session/cookie-jar.js';
export type { KeygripLike, SigningKey } from './cookie-session/keys.js';
export type { DropInCookieSession } from './cookie-session/session.js';
