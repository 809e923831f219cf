import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import dropIn from '../../src/compat/express-session.js';

const require = createRequire(import.meta.url);

/** A connect-style handler; `req` is loose because both libraries decorate it. */
export type Handler = (req: any, res: ServerResponse & Record<string, any>, next: (err?: unknown) => void) => void;
/** `require('express-session')`-shaped module: the factory with its classes. */
export type SessionModule = ((options?: any) => (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void) & {
  Store: any;
  MemoryStore: new () => any;
  Session: any;
  Cookie: any;
};

/** The real express-session 1.19 and satchel's drop-in. */
export const implementations: Record<'upstream' | 'satchel', SessionModule> = {
  upstream: require('express-session') as SessionModule,
  satchel: dropIn as unknown as SessionModule,
};

/** Express 5 (`express`) and Express 4 (`express4`). */
export const expressVersions: Record<string, () => any> = {
  'express 5': () => require('express')(),
  'express 4': () => require('express4')(),
};

/** An Express app: session middleware, the handler, and an error handler answering `error: <message>`. */
export function appWith(makeApp: () => any, middleware: unknown, handler: Handler, setup?: (app: any) => void): any {
  const app = makeApp();
  setup?.(app);
  app.use(middleware);
  app.use(handler);
  app.use((err: Error, _req: unknown, res: ServerResponse, _next: unknown) => {
    res.statusCode = 500;
    res.end(`error: ${err.message}`);
  });
  return app;
}

/** The first Set-Cookie line for `name`, or undefined. */
export function setCookieFor(res: { headers: Record<string, unknown> }, name = 'connect.sid'): string | undefined {
  const lines = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** `name=value` of a Set-Cookie line, ready for a Cookie request header. */
export function cookiePair(line: string | undefined): string {
  if (!line) throw new Error('expected a Set-Cookie line');
  return line.split(';')[0]!;
}

/** The session id inside a `connect.sid=s%3A<id>.<sig>` Set-Cookie line. */
export function sidOf(line: string | undefined): string {
  const value = decodeURIComponent(cookiePair(line).split('=')[1]!);
  return value.slice(2, value.lastIndexOf('.'));
}

/** Runs `GET path` with an optional Cookie header. */
export function get(app: any, path = '/', cookie?: string, headers: Record<string, string> = {}) {
  let call = request(app).get(path);
  if (cookie) call = call.set('Cookie', cookie);
  for (const [name, value] of Object.entries(headers)) call = call.set(name, value);
  return call;
}
