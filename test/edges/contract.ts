/**
 * The contract every framework edge's test harness serves, so one behaviour suite
 * (test/edges/suite.ts) can run against Express, Fastify, Koa, Hono, node:http and the Web API
 * alike. A harness starts a real server of its framework on 127.0.0.1 (port 0) with satchel's
 * `session()` ('stored') or `cookieSession()` ('sealed') from the edge's own subpath, and serves
 * the routes below with that framework's native API (no shared handler code: the point is each
 * framework's own way of doing it).
 *
 * Routes (every response is JSON unless said; `k` and `v` come from the query string; the
 * session in a handler is the framework's: `req.session`, `request.session`, `ctx.session`,
 * `c.get('session')`):
 *   GET  /read          → 200 { data: <the session's own data as plain JSON, {} if none>, id: <stored: session id | sealed: null> }; writes nothing
 *   POST /set?k&v       → session[k] = v; 200 { ok: true }
 *   POST /push?k&v      → (session[k] ??= []).push(v) on the array read from the session (the in-place mutation must persist); 200 { ok: true }
 *   POST /delete?k      → delete session[k]; 200 { ok: true }
 *   POST /slow-set?k&v&ms → reads the session, waits `ms` milliseconds, then session[k] = v; 200 { ok: true }
 *   POST /regenerate    → await session.regenerate(); session.after = 'regenerate'; 200 { ok: true }
 *   POST /login?user    → stored: await session.login(user); sealed: await session.regenerate(), session.userId = user; 200 { ok: true }
 *   POST /logout        → stored: await session.destroy(); sealed: session = null (the framework's way, e.g. ctx.session = null); 200 { ok: true }
 *   GET  /users?user    → stored only: 200 { count: (await <the unit>.listUserSessions(user)).length }
 *   POST /other-devices → stored only: 200 { ended: await session.destroyOtherSessions() }
 *   GET  /stream        → session.streamed = 'yes', then the body 'chunk-1' and 'chunk-2' written as two separate chunks of a streamed response (text/plain)
 *   GET  /redirect      → session.redirected = 'yes'; 302 to /read (the save completes before the redirect is sent)
 *   GET  /fail          → session.big = 10n (a BigInt no session can hold); the framework's error path answers 500 { code: <the error's code> }
 *   POST /flash?type&v  → 200 { count: flash(type, v) } (the edge's flash: req.flash, request.flash, ctx.flash, c.get('flash'), flash(handle))
 *   POST /flash-format?type&v → 200 { count: flash(type, 'Hello %s', v) }
 *   GET  /flash?type    → 200 { messages: flash(type) }, or { messages: flash() } without `type` (Fastify reads through reply.flash)
 *   GET  /activity?a    → session.setActivity(a); 200 { data: <the session's data> }
 * The suite passes an `activity` option reading `?activity=` from the request's url (suite-flash.ts).
 * Any error reaching the framework's error handler answers `500 { code }` (the error's `code`).
 */

export type EdgeMode = 'stored' | 'sealed';

/** A running server of one harness. */
export interface EdgeServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export interface EdgeHarness {
  /** e.g. 'express', 'fastify', 'koa', 'hono (node)', 'node:http', 'web' */
  name: string;
  /**
   * Starts a server. `options` are passed to `session()` / `cookieSession()` unchanged (the suite
   * passes secret/store/now/timeouts for 'stored', keys/now/timeouts for 'sealed'). `trustProxy`
   * turns on the framework's own trust-proxy notion (Express `trust proxy`, Fastify `trustProxy`,
   * Koa `app.proxy`; Hono and node:http: the edge's `proxy: true` option).
   */
  start(mode: EdgeMode, options: Record<string, unknown>, settings?: { trustProxy?: boolean }): Promise<EdgeServer>;
}
