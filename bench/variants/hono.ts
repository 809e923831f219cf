/**
 * The Hono 4 rows on @hono/node-server: bare Hono (their ratio base), hono-sessions (its
 * CookieStore and its MemoryStore), and satchel's `satchel/hono` middleware. Every row serves the
 * three routes of bench/app.ts as Hono routes (`c.text`), through node-server's request listener.
 */
import type { RequestListener } from 'node:http';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { ROUTES, routeBody, type CountAccess } from '../app.js';
import { loadBuiltExport } from './load-satchel.js';
import { BENCH_SECRET, logFirstError, NO_SESSION, PROPERTY_N } from './shared.js';
import type { Backend, FrameworkInstance, MemoryStoreClass, VariantDef } from './types.js';

/** A Hono app with `middleware` on every route and the three routes, served by @hono/node-server's listener. */
async function honoApp(middleware: MiddlewareHandler | null, n: CountAccess): Promise<RequestListener> {
  const [{ Hono: HonoApp }, { getRequestListener }] = await Promise.all([import('hono'), import('@hono/node-server')]);
  const app: Hono = new HonoApp();
  if (middleware) app.use(middleware);
  for (const path of ROUTES) app.get(path, (c: Context) => c.text(routeBody(path, c.get('session' as never), n)));
  app.onError((error, c) => {
    logFirstError(error);
    return c.text('', 500);
  });
  return getRequestListener(app.fetch) as RequestListener;
}

function row(id: string, label: string, group: VariantDef['group'], backend: Backend, create: () => Promise<FrameworkInstance>): VariantDef {
  return { id, label, group, framework: 'hono', backend, create };
}

/** `n` through hono-sessions' `get`/`set` (its only API). */
const GET_SET_N: CountAccess = {
  get: (session) => (session as { get(k: string): unknown }).get('n'),
  set: (session, n) => (session as { set(k: string, v: unknown): void }).set('n', n),
};

/**
 * hono-sessions with its README's cookie options (path `/`, HttpOnly, SameSite=Lax; not `secure`
 * on loopback) and its defaults otherwise: no expiry, `autoExtendExpiration` on — which stamps
 * an access time on every request, so every response re-saves the session (CookieStore: re-seals
 * the cookie; both stores: a Set-Cookie on every response, a session for every cookieless request).
 */
async function honoSessions(store: 'cookie' | 'memory') {
  const peer = await import('hono-sessions');
  const memory = store === 'memory' ? new peer.MemoryStore() : null;
  const middleware = peer.sessionMiddleware({
    store: memory ?? new peer.CookieStore(),
    // Required by CookieStore; for MemoryStore it seals the session id (the README recommends it).
    encryptionKey: BENCH_SECRET,
    cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
  }) as unknown as MiddlewareHandler;
  return { middleware, memory: memory as unknown as { data: Map<string, unknown> } | null };
}

type SatchelHono = (options: object) => MiddlewareHandler;

export const honoVariants: VariantDef[] = [
  row('hono-bare', 'bare Hono 4 on @hono/node-server (no sessions)', 'baseline', 'none', async () => ({
    listener: await honoApp(null, NO_SESSION),
    close: async () => {},
  })),
  row('hono-sessions-cookie', 'hono-sessions 0.8 CookieStore (iron-sealed)', 'peer', 'cookie', async () => {
    const { middleware } = await honoSessions('cookie');
    return { listener: await honoApp(middleware, GET_SET_N), close: async () => {} };
  }),
  row('hono-sessions-memory', 'hono-sessions 0.8 MemoryStore (sealed id)', 'peer', 'memory', async () => {
    const { middleware, memory } = await honoSessions('memory');
    return { listener: await honoApp(middleware, GET_SET_N), storedCount: async () => memory!.data.size, close: async () => {} };
  }),
  row('satchel-hono-memory', 'satchel/hono session() + MemoryStore (max 1e6)', 'satchel', 'memory', async () => {
    const session = await loadBuiltExport<SatchelHono>('session', 'hono');
    const MemoryStore = await loadBuiltExport<MemoryStoreClass>('MemoryStore', 'hono');
    const store = new MemoryStore({ max: 1_000_000 });
    // proxy: true trusts X-Forwarded-Proto, as `trust proxy` does for the Express rows.
    const listener = await honoApp(session({ secret: BENCH_SECRET, store, proxy: true }), PROPERTY_N);
    return { listener, storedCount: () => store.length(), close: async () => store.close?.() };
  }),
  row('satchel-hono-cookie', 'satchel/hono cookieSession() (AES-256-GCM sealed)', 'satchel', 'cookie', async () => {
    const cookieSession = await loadBuiltExport<SatchelHono>('cookieSession', 'hono');
    const listener = await honoApp(cookieSession({ keys: [BENCH_SECRET], name: 'session', proxy: true }), PROPERTY_N);
    return { listener, close: async () => {} };
  }),
];
