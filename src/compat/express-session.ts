/** `satchel/express-session`: express-session 1.19 as a drop-in. Default export only, so `require()` returns the function itself. */
export { default } from './express-session/drop-in.js';
export type { ExpressSession } from './express-session/drop-in.js';
export type { ExpressSessionOptions } from './express-session/options.js';
export type { CookieOptions, CookieData, SameSiteOption } from './express-session/cookie.js';
export type { ExpressSessionMiddleware } from './express-session/middleware.js';
