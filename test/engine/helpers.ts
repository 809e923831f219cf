import express5 from 'express';
import type { Express, RequestHandler } from 'express';
import { createRequire } from 'node:module';
import type { Response as TestResponse } from 'supertest';
import { session } from '../../src/index.js';
import type { SessionOptions, SessionMiddleware } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';

const require = createRequire(import.meta.url);
const express4 = require('express4') as typeof express5;

/** Both Express majors: every engine test runs on each. */
export const EXPRESS = [
  ['express 5', express5],
  ['express 4', express4],
] as const;

/** A secret that passes satchel's strength check. */
export const SECRET = 'k3y-0f-at-least-32-random-chars-AbCdEfGh';

/** A manual clock for timeout tests. */
export function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

export interface TestApp {
  app: Express;
  mw: SessionMiddleware;
  store: MemoryStore;
}

/** An app with `session()` mounted, routes added by `routes`, and an error handler reporting codes. */
export function makeApp(
  expressModule: typeof express5,
  options: Partial<SessionOptions> = {},
  routes: (app: Express) => void = () => {},
): TestApp {
  const app = expressModule();
  const store = (options.store as MemoryStore | undefined) ?? new MemoryStore({ sweepInterval: 0 });
  const mw = session({ secret: SECRET, ...options, store });
  app.use(mw as unknown as RequestHandler);
  routes(app);
  app.use(((error, _req, res, _next) => {
    res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown' });
  }) as import('express').ErrorRequestHandler);
  return { app, mw, store };
}

/** Set-Cookie lines of a response. */
export function setCookies(res: TestResponse): string[] {
  const value = res.headers['set-cookie'] as unknown;
  return Array.isArray(value) ? (value as string[]) : value ? [String(value)] : [];
}

/** The `name=value` pair of the session cookie in a response, for replay. */
export function sessionCookie(res: TestResponse, name = 'sid'): string | undefined {
  const line = setCookies(res).find((entry) => entry.startsWith(`${name}=`));
  return line?.split(';')[0];
}

/** A real MemoryStore that also counts the calls it receives, so tests can assert "no store call". */
export function countingStore(options: ConstructorParameters<typeof MemoryStore>[0] = {}) {
  const store = new MemoryStore({ sweepInterval: 0, ...options });
  const calls: Record<string, number> = { get: 0, create: 0, update: 0, destroy: 0, touch: 0 };
  for (const name of Object.keys(calls) as Array<'get' | 'create' | 'update' | 'destroy' | 'touch'>) {
    const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls[name]!++;
      return original(...args);
    };
  }
  // The engine reads through getSync when a store has one: it is a read like get, counted as one.
  const getSync = store.getSync.bind(store);
  store.getSync = (...args) => {
    calls.get!++;
    return getSync(...args);
  };
  return { store, calls };
}

/** Collects every event a middleware emits. */
export function recordEvents(mw: SessionMiddleware) {
  const events: Array<{ event: string; payload: unknown }> = [];
  for (const event of ['created', 'regenerated', 'destroyed', 'expired', 'rejected', 'conflict', 'login', 'logout', 'error'] as const) {
    mw.on(event, (payload) => events.push({ event, payload }));
  }
  return events;
}

/** Routes most tests share: write, read, and the lifecycle methods. */
export function standardRoutes(app: Express): void {
  app.get('/write', (req, res) => {
    req.session.count = ((req.session.count as number | undefined) ?? 0) + 1;
    res.json({ count: req.session.count });
  });
  app.get('/read', (req, res) => {
    res.json({ data: req.session, id: req.sessionID });
  });
  app.get('/destroy', async (req, res) => {
    await req.session.destroy();
    res.send('destroyed');
  });
}
