/**
 * The two apps the hostile-input battery attacks: `session()` over a real MemoryStore that
 * counts its calls, and `cookieSession()`, both on Express 5 through supertest, each with a
 * manual clock and an event recorder. Routes are the ones an attacker would hit: write, read,
 * login, logout, regenerate, and a slow request held open by a gate.
 */
import { randomBytes } from 'node:crypto';
import express from 'express';
import type { ErrorRequestHandler, Express, Request, RequestHandler } from 'express';
import type { Response } from 'supertest';
import { cookieSession } from '../../../src/adapters/express/cookie-session.js';
import type { CookieSessionMiddleware } from '../../../src/adapters/express/cookie-session.js';
import { session } from '../../../src/adapters/express/middleware.js';
import type { SessionOptions, SessionMiddleware } from '../../../src/adapters/express/middleware.js';
import type { CookieSessionOptions } from '../../../src/lifecycle/sealed/options.js';
import type { CookieSession } from '../../../src/lifecycle/sealed/session.js';
import { MemoryStore } from '../../../src/stores/memory/store.js';

/** A signing secret / seal key of 32 random bytes. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** A manual clock shared by the middleware and its store. */
export function manualClock(start = Date.UTC(2026, 0, 1, 8)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (at: number) => void (now = at) };
}
export type Clock = ReturnType<typeof manualClock>;

/** A promise a slow handler waits on, and a signal that the handler got there. */
export function gate() {
  let release!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reached = new Promise<void>((resolve) => (arrived = resolve));
  return { released, reached, release, arrived };
}
export type Gate = ReturnType<typeof gate>;

/** Every Set-Cookie line of a response. */
export function setCookies(res: Response): string[] {
  const value = res.headers['set-cookie'] as unknown;
  return Array.isArray(value) ? (value as string[]) : typeof value === 'string' ? [value] : [];
}

/** The Set-Cookie line for `name`. */
export function setCookieLine(res: Response, name: string): string | undefined {
  return setCookies(res).find((line) => line.startsWith(`${name}=`));
}

/** The value `res` sets for `name`, or undefined (also when it clears the cookie). */
export function issuedValue(res: Response, name: string): string | undefined {
  const line = setCookieLine(res, name);
  const value = line?.slice(name.length + 1, line.indexOf(';'));
  return value === '' ? undefined : value;
}

/** The value `res` sets for `name`; throws when there is none. */
export function mustIssue(res: Response, name: string): string {
  const value = issuedValue(res, name);
  if (value === undefined) throw new Error(`expected a Set-Cookie for ${name}, got ${JSON.stringify(setCookies(res))}`);
  return value;
}

/** True when `res` deletes `name` (empty value, Max-Age=0, past Expires — TM-02). */
export function clearsCookie(res: Response, name: string): boolean {
  const line = setCookieLine(res, name);
  return line !== undefined && line.startsWith(`${name}=;`) && /Max-Age=0/.test(line) && /Expires=Thu, 01 Jan 1970/.test(line);
}

/** Attribute map of a Set-Cookie line (lower-case names, '' for flags). */
export function attributes(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of line.split(';').slice(1)) {
    const [key, ...rest] = part.trim().split('=');
    out.set(key!.toLowerCase(), rest.join('='));
  }
  return out;
}

/** The raw session id inside a `session()` cookie value (`s%3A<id>.<sig>`). */
export function idOf(value: string): string {
  return decodeURIComponent(value).slice(2).split('.')[0]!;
}

/** Recorded events, in order. */
export type Recorded = Array<{ event: string; payload: Record<string, unknown> }>;

/** Error handler that reports the code only. */
const reportCode: ErrorRequestHandler = (error, _req, res, _next) => {
  res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown' });
};

export interface ServerApp {
  app: Express;
  mw: SessionMiddleware;
  store: MemoryStore;
  /** Store calls by method (a real MemoryStore, counted). */
  calls: Record<'get' | 'create' | 'update' | 'destroy' | 'touch', number>;
  events: Recorded;
  clock: Clock;
  /** The gate `/slow` waits on; replace it per test. */
  slow: { gate: Gate };
}

/** The data keys of `req.session` for a response body (without `cookie`, never the id). */
function serverData(req: Request): Record<string, unknown> {
  const { cookie: _cookie, ...data } = JSON.parse(JSON.stringify(req.session)) as Record<string, unknown>;
  return data;
}

/** `session()` on Express 5 with a counted MemoryStore and a manual clock. */
export function serverApp(options: Partial<SessionOptions> = {}, extra: (app: Express) => void = () => {}): ServerApp {
  const clock = manualClock();
  const store = new MemoryStore({ sweepInterval: 0, now: clock.now });
  const calls = { get: 0, create: 0, update: 0, destroy: 0, touch: 0 };
  for (const name of Object.keys(calls) as Array<keyof typeof calls>) {
    const original = (store[name] as (...args: unknown[]) => Promise<unknown>).bind(store);
    (store as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
      calls[name]++;
      return original(...args);
    };
  }
  const mw = session({ secret: newSecret(), now: clock.now, ...options, store: (options.store as MemoryStore | undefined) ?? store });
  const events: Recorded = [];
  for (const event of ['created', 'regenerated', 'destroyed', 'expired', 'rejected', 'conflict', 'login', 'logout', 'error'] as const) {
    mw.on(event, (payload) => events.push({ event, payload: payload as unknown as Record<string, unknown> }));
  }
  const slow = { gate: gate() };
  const app = express();
  app.set('trust proxy', true);
  app.use(mw as unknown as RequestHandler);
  extra(app);
  app.get('/read', (req, res) => res.json({ data: serverData(req), proto: ({} as Record<string, unknown>).isAdmin ?? null }));
  app.get('/write', (req, res) => {
    req.session.count = ((req.session.count as number | undefined) ?? 0) + 1;
    res.json({ data: serverData(req) });
  });
  app.get('/cart', (req, res) => {
    req.session.cart = 'apple';
    req.session.tracking = 'pre-login';
    res.json({ data: serverData(req) });
  });
  app.get('/login/:user', async (req, res) => {
    await req.session.login(req.params.user!, { keep: ['cart'] });
    res.json({ data: serverData(req) });
  });
  app.get('/logout', async (req, res) => {
    await req.session.logout();
    res.send('bye');
  });
  app.get('/regenerate', async (req, res) => {
    await req.session.regenerate();
    req.session.fresh = true;
    res.send('rotated');
  });
  app.get('/slow', async (req, res) => {
    req.session.slow = 'written by the slow request';
    slow.gate.arrived();
    await slow.gate.released;
    res.send('slow done');
  });
  app.use(reportCode);
  return { app, mw, store, calls, events, clock, slow };
}

export interface CookieApp {
  app: Express;
  mw: CookieSessionMiddleware;
  events: Recorded;
  clock: Clock;
  key: string;
  slow: { gate: Gate };
}

/** `req.session` of a cookieSession request. */
export const cs = (req: Request): CookieSession => (req as unknown as { session: CookieSession }).session;

/** `cookieSession()` on Express 5 with a manual clock. */
export function cookieApp(options: Partial<CookieSessionOptions> = {}, extra: (app: Express) => void = () => {}): CookieApp {
  const clock = manualClock();
  const key = newSecret();
  const mw = cookieSession({ keys: [key], now: clock.now, ...options });
  const events: Recorded = [];
  for (const event of ['created', 'destroyed', 'expired', 'rejected'] as const) {
    mw.on(event, (payload) => events.push({ event, payload: payload as Record<string, unknown> }));
  }
  const slow = { gate: gate() };
  const app = express();
  app.set('trust proxy', true);
  app.use(mw as unknown as RequestHandler);
  extra(app);
  app.get('/read', (req, res) => res.json({ data: cs(req) ?? null, isNew: cs(req)?.isNew ?? null, proto: ({} as Record<string, unknown>).isAdmin ?? null }));
  app.get('/write', (req, res) => {
    cs(req).count = ((cs(req).count as number | undefined) ?? 0) + 1;
    res.json({ data: cs(req) });
  });
  app.get('/cart', (req, res) => {
    cs(req).cart = 'apple';
    cs(req).tracking = 'pre-login';
    res.json({ data: cs(req) });
  });
  app.get('/login/:user', async (req, res) => {
    // The documented login: a new session (new absolute clock), allowlisted keys copied by hand (LC-03).
    const cart = cs(req).cart;
    await cs(req).regenerate();
    if (cart !== undefined) cs(req).cart = cart;
    cs(req).user = req.params.user;
    res.json({ data: cs(req) });
  });
  app.get('/logout', (req, res) => {
    (req as unknown as { session: null }).session = null;
    res.send('bye');
  });
  app.get('/slow', async (req, res) => {
    cs(req).slow = 'written by the slow request';
    slow.gate.arrived();
    await slow.gate.released;
    res.send('slow done');
  });
  app.use(reportCode);
  return { app, mw, events, clock, key, slow };
}

/** Names of recorded events, optionally filtered to one event. */
export function reasons(events: Recorded, event = 'rejected'): string[] {
  return events.filter((e) => e.event === event).map((e) => String(e.payload.reason));
}
