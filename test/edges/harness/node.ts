/** The edge-suite harness for bare node:http: the contract's routes in one request listener, `await sessions(req, res)` first. */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cookieSession, flash, session } from '../../../src/node.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';

type Data = Record<string, unknown> & { [method: string]: any };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(data: Data | null | undefined): Record<string, unknown> {
  return data ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {};
}

// statusCode and setHeader, not writeHead: writeHead sends the headers at once, and a commit that
// fails after that can only cut the response, never answer 500 { code }.
function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

type Route = (req: IncomingMessage & { session: Data }, res: ServerResponse, q: (name: string) => string) => Promise<void> | void;

export const nodeHarness: EdgeHarness = {
  name: 'node:http',
  async start(mode: EdgeMode, options: Record<string, unknown>, settings = {}): Promise<EdgeServer> {
    // node:http has no trust-proxy notion of its own: the edge's `proxy` option is it.
    const given = settings.trustProxy ? { ...options, proxy: true } : options;
    const sessions = mode === 'stored' ? session(given as never) : cookieSession(given as never);

    const routes: Record<string, Route> = {
      'GET /read': (req, res) => {
        const data = plain(req.session);
        delete data.cookie;
        json(res, 200, { data, id: mode === 'stored' ? (req.session?.id ?? null) : null });
      },
      'POST /set': (req, res, q) => {
        req.session[q('k')] = q('v');
        json(res, 200, { ok: true });
      },
      'POST /push': (req, res, q) => {
        const list = (req.session[q('k')] ??= []) as unknown[];
        list.push(q('v'));
        json(res, 200, { ok: true });
      },
      'POST /delete': (req, res, q) => {
        delete req.session[q('k')];
        json(res, 200, { ok: true });
      },
      'POST /slow-set': async (req, res, q) => {
        const s = req.session;
        await wait(Number(q('ms')));
        s[q('k')] = q('v');
        json(res, 200, { ok: true });
      },
      'POST /regenerate': async (req, res) => {
        await req.session.regenerate();
        req.session.after = 'regenerate';
        json(res, 200, { ok: true });
      },
      'POST /login': async (req, res, q) => {
        if (mode === 'stored') await req.session.login(q('user'));
        else {
          await req.session.regenerate();
          req.session.userId = q('user');
        }
        json(res, 200, { ok: true });
      },
      'POST /logout': async (req, res) => {
        if (mode === 'stored') await req.session.destroy();
        else (req as { session: unknown }).session = null;
        json(res, 200, { ok: true });
      },
      'GET /users': async (_req, res, q) => {
        json(res, 200, { count: (await (sessions as ReturnType<typeof session>).listUserSessions(q('user'))).length });
      },
      'POST /other-devices': async (req, res) => {
        json(res, 200, { ended: await req.session.destroyOtherSessions() });
      },
      'GET /stream': (req, res) => {
        req.session.streamed = 'yes';
        res.setHeader('content-type', 'text/plain');
        res.write('chunk-1');
        setImmediate(() => res.end('chunk-2'));
      },
      'GET /redirect': (req, res) => {
        req.session.redirected = 'yes';
        res.writeHead(302, { location: '/read' });
        res.end();
      },
      'POST /flash': (req, res, q) => {
        json(res, 200, { count: flash(req).flash(q('type'), q('v')) });
      },
      'POST /flash-format': (req, res, q) => {
        json(res, 200, { count: flash(req).flash(q('type'), 'Hello %s', q('v')) });
      },
      'GET /flash': (req, res, q) => {
        const request = flash(req);
        json(res, 200, { messages: q('type') === '' ? request.flash() : request.flash(q('type')) });
      },
      'GET /activity': (req, res, q) => {
        req.session.setActivity(q('a'));
        json(res, 200, { data: plain(req.session) });
      },
      // The edge's default onError answers the failed commit: 500 { code }.
      'GET /fail': (req, res) => {
        req.session.big = 10n;
        json(res, 200, { ok: true });
      },
    };

    const server = http.createServer(async (req, res) => {
      try {
        const request = (await sessions(req, res)) as unknown as IncomingMessage & { session: Data };
        const url = new URL(req.url ?? '/', 'http://localhost');
        const route = routes[`${req.method} ${url.pathname}`];
        if (!route) return json(res, 404, { code: 'NOT_FOUND' });
        await route(request, res, (name) => url.searchParams.get(name) ?? '');
      } catch (error) {
        if (res.headersSent) res.destroy();
        else json(res, 500, { code: (error as { code?: string }).code });
      }
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => void server.closeAllConnections()),
    };
  },
};
