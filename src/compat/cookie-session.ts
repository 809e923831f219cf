// `satchel/cookie-session`: a drop-in for cookie-session 2.1. The default export is the
// middleware factory, so `require('satchel/cookie-session')` works like `require('cookie-session')`.
export { cookieSession as default } from './cookie-session/middleware.js';
export type { CookieSessionOptions, CookieSessionMiddleware } from './cookie-session/middleware.js';
export type { CookieAttributes } from './cookie-session/cookie-jar.js';
export type { KeygripLike, SigningKey } from './cookie-session/keys.js';
export type { CookieSession } from './cookie-session/session.js';
