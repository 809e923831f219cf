/**
 * The Koa 3 rows: bare Koa (their ratio base), koa-session (its default signed-cookie mode, and
 * with an in-memory `store`), and satchel's `satchel/koa` middleware. Koa has no router of its
 * own: the last middleware answers the three routes of bench/app.ts by `ctx.path` (GET only).
 */
import type { RequestListener } from 'node:http';
import type Koa from 'koa';
import { ROUTES, routeBody, type CountAccess } from '../app.js';
import { loadBuiltExport } from './load-satchel.js';
import { BENCH_SECRET, logFirstError, NO_SESSION, PROPERTY_N, requirePeer } from './shared.js';
import type { Backend, FrameworkInstance, MemoryStoreClass, VariantDef } from './types.js';

type Middleware = Koa.Middleware;
const paths: ReadonlySet<string> = new Set(ROUTES);

/** A Koa app with `setup`'s middleware and the three routes; `app.proxy = true` (Koa trusts X-Forwarded-* outright). */
async function koaApp(setup: (app: Koa) => void, n: CountAccess): Promise<RequestListener> {
  const { default: KoaApp } = await import('koa');
  const app = new KoaApp({ proxy: true, keys: [BENCH_SECRET] });
  setup(app);
  app.use((ctx) => {
    if (ctx.method !== 'GET' || !paths.has(ctx.path)) return;
    ctx.body = routeBody(ctx.path, (ctx as unknown as { session: unknown }).session, n);
  });
  // Replaces Koa's default error log (every failure): the first one is enough.
  app.on('error', logFirstError);
  return app.callback();
}

function row(id: string, label: string, group: VariantDef['group'], backend: Backend, create: () => Promise<FrameworkInstance>): VariantDef {
  return { id, label, group, framework: 'koa', backend, create };
}

type KoaSession = (options: object, app: Koa) => Middleware;
const koaSession = () => requirePeer('koa-session') as { default: KoaSession };

export const koaVariants: VariantDef[] = [
  row('koa-bare', 'bare Koa 3 (no sessions)', 'baseline', 'none', async () => ({
    listener: await koaApp(() => {}, NO_SESSION),
    close: async () => {},
  })),
  row('koa-session-cookie', 'koa-session 7 (default: signed cookie, data in it)', 'peer', 'cookie', async () => {
    const listener = await koaApp((app) => void app.use(koaSession().default({ secure: false }, app)), PROPERTY_N);
    return { listener, close: async () => {} };
  }),
  row('koa-session-memory', 'koa-session 7 + in-memory store (a Map)', 'peer', 'memory', async () => {
    const map = new Map<string, unknown>();
    const store = {
      get: (key: string) => map.get(key),
      set: (key: string, session: unknown) => void map.set(key, session),
      destroy: (key: string) => void map.delete(key),
    };
    const listener = await koaApp((app) => void app.use(koaSession().default({ secure: false, store }, app)), PROPERTY_N);
    return { listener, storedCount: async () => map.size, close: async () => {} };
  }),
  row('satchel-koa-memory', 'satchel/koa session() + MemoryStore (max 1e6)', 'satchel', 'memory', async () => {
    const session = await loadBuiltExport<(o: object) => Middleware>('session', 'koa');
    const MemoryStore = await loadBuiltExport<MemoryStoreClass>('MemoryStore', 'koa');
    const store = new MemoryStore({ max: 1_000_000 });
    const listener = await koaApp((app) => void app.use(session({ secret: BENCH_SECRET, store })), PROPERTY_N);
    return { listener, storedCount: () => store.length(), close: async () => store.close?.() };
  }),
  row('satchel-koa-cookie', 'satchel/koa cookieSession() (AES-256-GCM sealed)', 'satchel', 'cookie', async () => {
    const cookieSession = await loadBuiltExport<(o: object) => Middleware>('cookieSession', 'koa');
    const listener = await koaApp((app) => void app.use(cookieSession({ keys: [BENCH_SECRET], name: 'session' })), PROPERTY_N);
    return { listener, close: async () => {} };
  }),
];
