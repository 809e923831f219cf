/**
 * The server of the property-adds probe: a one-route app, on Express 5 or bare node:http, with
 * or without the five own properties a session middleware adds per request (req.session,
 * req.sessionID, req.sessionStore; res.end and res.writeHead wrapped). Sends its port over IPC.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';

type AnyFn = (...args: unknown[]) => unknown;
const [stack = 'express', adds = 'none'] = process.argv.slice(2);

function addFive(req: IncomingMessage, res: ServerResponse): void {
  const target = req as IncomingMessage & Record<string, unknown>;
  target.session = { n: 1 };
  target.sessionID = 'probe';
  target.sessionStore = null;
  const end = res.end as AnyFn;
  const writeHead = res.writeHead as AnyFn;
  res.end = function (this: ServerResponse, ...args: unknown[]) {
    return end.apply(this, args);
  } as typeof res.end;
  res.writeHead = function (this: ServerResponse, ...args: unknown[]) {
    return writeHead.apply(this, args);
  } as typeof res.writeHead;
}

let server;
if (stack === 'express') {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  if (adds === 'five') app.use((req, res, next) => (addFive(req, res), next()));
  app.get('/', (_req, res) => void res.send('0'));
  server = createServer(app);
} else {
  server = createServer((req, res) => {
    if (adds === 'five') addFive(req, res);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end('0');
  });
}
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
