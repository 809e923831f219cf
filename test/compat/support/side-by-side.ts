import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import satchelCookieSession from '../../../src/compat/cookie-session.js';

const require = createRequire(import.meta.url);

type Handler = (req: any, res: ServerResponse & Record<string, any>, next: (err?: unknown) => void) => void;
type Factory = (options?: any) => (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** The real cookie-session 2.1.1 and satchel's drop-in, side by side. */
export const implementations: Record<'upstream' | 'satchel', Factory> = {
  upstream: require('cookie-session') as Factory,
  satchel: satchelCookieSession as Factory,
};

/** Express 5 (`express`) and Express 4 (`express4`). */
export const expressVersions: Record<string, () => any> = {
  'express 5': () => require('express')(),
  'express 4': () => require('express4')(),
};

/** The real keygrip, for computing expected signatures. */
export const Keygrip = require('keygrip') as new (keys: string[], algorithm?: string) => {
  sign(data: string): string;
  index(data: string, digest: string): number;
};

/** One request against one app, reduced to what a client sees. */
export interface Observed {
  status: number;
  body: string;
  setCookie: string[] | undefined;
}

/** What a scenario is: fresh options per app (they get mutated), a handler and the request. */
export interface Scenario {
  options: () => Record<string, unknown>;
  handler: Handler;
  cookie?: string;
  headers?: Record<string, string>;
  method?: 'get' | 'post';
  trustProxy?: boolean;
}

/** Runs `scenario` on an app built with `factory` on the given Express. */
export async function observe(makeApp: () => any, factory: Factory, scenario: Scenario): Promise<Observed> {
  const app = makeApp();
  if (scenario.trustProxy) app.set('trust proxy', true);
  app.use(factory(scenario.options()));
  app.use(scenario.handler);
  app.use((err: Error, _req: unknown, res: ServerResponse, _next: unknown) => {
    res.statusCode = 500;
    res.end(`error: ${err.message}`);
  });
  let call = request(app)[scenario.method ?? 'get']('/');
  if (scenario.cookie) call = call.set('Cookie', scenario.cookie);
  for (const [name, value] of Object.entries(scenario.headers ?? {})) call = call.set(name, value);
  const res = await call;
  return { status: res.status, body: res.text, setCookie: res.headers['set-cookie'] as unknown as string[] | undefined };
}

/** Name → value of every Set-Cookie entry (later entries win). */
export function cookieValues(setCookie: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of setCookie ?? []) {
    const pair = line.split(';')[0];
    const eq = pair.indexOf('=');
    out[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return out;
}

/** A Cookie request header carrying a cookie-session cookie for `data`, signed with `key`. */
export function signedCookie(data: unknown, key: string, name = 'session'): string {
  const value = Buffer.from(JSON.stringify(data)).toString('base64');
  const sig = new Keygrip([key]).sign(`${name}=${value}`);
  return `${name}=${value}; ${name}.sig=${sig}`;
}
