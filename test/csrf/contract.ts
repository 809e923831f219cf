/**
 * What every framework's CSRF harness serves, so one suite (suite.ts) checks `csrf()` on Express,
 * Fastify, Koa, Hono, node:http and the Web API in both session modes. A harness starts a real
 * server of its framework on 127.0.0.1 with satchel's `session()` ('stored', MemoryStore) or
 * `cookieSession()` ('sealed') and the edge's own `csrf(csrfOptions)`, and parses
 * `application/x-www-form-urlencoded` bodies the framework's way (before csrf() where it has a
 * body-parsing step).
 *
 * Routes (JSON answers):
 *   GET  /token        → 200 { token: <the framework's csrfToken()> }
 *   GET  /read         → 200 { data: <the session's own data, without `cookie`> }; writes nothing
 *   POST /submit       → session.posted = <body field `note`, or 'yes'>; 200 { ok: true, note: <body field `note` as the handler reads it, or null> }
 *   POST /regenerate   → await session.regenerate(); 200 { ok: true }
 *   POST /login?user   → stored: await session.login(user, { keep: ['csrfSecret', 'cart'] }); sealed: regenerate, userId = user; 200 { ok: true }
 *   POST /hook         → exempt from the check (csrfOptions.exempt, or the framework's own per-route way); 200 { ok: true }
 * An error reaching the app's error handler answers `<error.status ?? 500> { code, reason }`.
 */
import { randomBytes } from 'node:crypto';
import { MemoryStore } from '../../src/stores/memory/store.js';

export type CsrfMode = 'stored' | 'sealed';

export interface CsrfServer {
  url: string;
  close(): Promise<void>;
}

export interface CsrfHarness {
  name: string;
  start(mode: CsrfMode, csrfOptions?: Record<string, unknown>): Promise<CsrfServer>;
}

const SECRET = 'csrf-suite-' + randomBytes(24).toString('base64url');
const KEYS = [randomBytes(32).toString('base64url')];

/** The session options of each mode (a MemoryStore of its own per server). */
export function sessionOptions(mode: CsrfMode): Record<string, unknown> {
  return mode === 'stored' ? { secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) } : { keys: KEYS };
}

/** Reads a urlencoded body into a plain object (the harnesses of frameworks with no parser of their own). */
export function parseForm(text: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(text));
}
