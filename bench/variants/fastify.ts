/**
 * The Fastify 5 rows: bare Fastify (their ratio base), @fastify/session (its default in-memory
 * store, on @fastify/cookie), @fastify/secure-session, and satchel's `satchel/fastify` plugins.
 * Every row serves the three routes of bench/app.ts as Fastify routes; peers are configured as
 * bench/README.md says (no uninitialized saves, cookies not `secure` on loopback).
 */
import { createServer, type RequestListener } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ROUTES, routeBody, type CountAccess } from '../app.js';
import { loadBuiltExport } from './load-satchel.js';
import { BENCH_SECRET, logFirstError, NO_SESSION, PROPERTY_N, requirePeer } from './shared.js';
import type { Backend, FrameworkInstance, MemoryStoreClass, VariantDef } from './types.js';

type Plugin = Parameters<FastifyInstance['register']>[0];
type Session = (request: FastifyRequest) => unknown;

const sessionOf: Session = (request) => (request as unknown as { session: unknown }).session;

/**
 * A Fastify app with `setup`'s plugins and the three routes; Fastify's own request handler (via
 * `serverFactory`) is the row's listener. `trustProxy: 'loopback'`, as Express's `trust proxy`.
 */
async function fastifyApp(setup: (app: FastifyInstance) => Promise<unknown> | void, n: CountAccess): Promise<RequestListener> {
  const { default: Fastify } = await import('fastify');
  let handler: RequestListener | undefined;
  const app = Fastify({
    trustProxy: 'loopback',
    serverFactory(h) {
      handler = h;
      return createServer(h);
    },
  });
  await setup(app);
  app.setErrorHandler((error, _request, reply) => {
    logFirstError(error);
    void reply.code(500).send();
  });
  for (const path of ROUTES) app.get(path, (request, reply) => void reply.send(routeBody(path, sessionOf(request), n)));
  await app.ready();
  if (!handler) throw new Error('fastify did not call serverFactory');
  return handler;
}

function row(id: string, label: string, group: VariantDef['group'], backend: Backend, create: () => Promise<FrameworkInstance>): VariantDef {
  return { id, label, group, framework: 'fastify', backend, create };
}

/** `n` through @fastify/secure-session's documented `get`/`set`. */
const GET_SET_N: CountAccess = {
  get: (session) => (session as { get(k: string): unknown }).get('n'),
  set: (session, n) => (session as { set(k: string, v: unknown): void }).set('n', n),
};

export const fastifyVariants: VariantDef[] = [
  row('fastify-bare', 'bare Fastify 5 (no sessions)', 'baseline', 'none', async () => ({
    listener: await fastifyApp(() => {}, NO_SESSION),
    close: async () => {},
  })),
  row('fastify-session', '@fastify/session + its MemoryStore (@fastify/cookie)', 'peer', 'memory', async () => {
    const fastifySession = requirePeer('@fastify/session') as Plugin & { MemoryStore: new () => { store: Map<string, unknown> } };
    const store = new fastifySession.MemoryStore(); // its default store, built here so its size can be read
    // rolling: false (default true re-saves every request) is @fastify/session's resave: false.
    const options = { secret: BENCH_SECRET, store, saveUninitialized: false, rolling: false, cookie: { secure: false } };
    const listener = await fastifyApp(async (app) => {
      await app.register(requirePeer('@fastify/cookie') as Plugin);
      await app.register(fastifySession, options);
    }, PROPERTY_N);
    return { listener, storedCount: async () => store.store.size, close: async () => {} };
  }),
  row('fastify-secure-session', '@fastify/secure-session 8 (libsodium secretbox)', 'peer', 'cookie', async () => {
    // A 32-byte key, as `npx @fastify/secure-session > key` (or satchel keygen) makes.
    const options = { key: Buffer.from(BENCH_SECRET, 'hex'), cookie: { path: '/', secure: false } };
    const listener = await fastifyApp(async (app) => void (await app.register(requirePeer('@fastify/secure-session') as Plugin, options)), GET_SET_N);
    return { listener, close: async () => {} };
  }),
  row('satchel-fastify-memory', 'satchel/fastify session() + MemoryStore (max 1e6)', 'satchel', 'memory', async () => {
    const session = await loadBuiltExport<(o: object) => Plugin>('session', 'fastify');
    const MemoryStore = await loadBuiltExport<MemoryStoreClass>('MemoryStore', 'fastify');
    const store = new MemoryStore({ max: 1_000_000 });
    const listener = await fastifyApp(async (app) => void (await app.register(session({ secret: BENCH_SECRET, store }))), PROPERTY_N);
    return { listener, storedCount: () => store.length(), close: async () => store.close?.() };
  }),
  row('satchel-fastify-cookie', 'satchel/fastify cookieSession() (AES-256-GCM sealed)', 'satchel', 'cookie', async () => {
    const cookieSession = await loadBuiltExport<(o: object) => Plugin>('cookieSession', 'fastify');
    const listener = await fastifyApp(async (app) => void (await app.register(cookieSession({ keys: [BENCH_SECRET], name: 'session' }))), PROPERTY_N);
    return { listener, close: async () => {} };
  }),
];
