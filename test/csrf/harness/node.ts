/**
 * The CSRF harness for node:http: `await protect(await sessions(req, res), { body })` in the
 * listener, the app parsing a urlencoded body itself (node:http parses none).
 */
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { text } from 'node:stream/consumers';
import { cookieSession, csrf, session } from '../../../src/node.js';
import { parseForm, sessionOptions, type CsrfHarness } from '../contract.js';

type Data = Record<string, any>;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}

export const nodeCsrfHarness: CsrfHarness = {
  name: 'node:http',
  async start(mode, csrfOptions = {}) {
    const sessions = mode === 'stored' ? session(sessionOptions(mode) as never) : cookieSession(sessionOptions(mode) as never);
    const protect = csrf(csrfOptions);

    async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = req.headers['content-type'] === 'application/x-www-form-urlencoded' ? parseForm(await text(req)) : undefined;
      const request = await protect((await sessions(req, res)) as IncomingMessage & { session: Data }, { body });
      const s = request.session;
      switch (`${req.method === 'HEAD' ? 'GET' : req.method} ${url.pathname}`) {
        case 'GET /token':
          return json(res, 200, { token: request.csrfToken() });
        case 'GET /read': {
          const data = JSON.parse(JSON.stringify(s ?? {})) as Data;
          delete data.cookie;
          return json(res, 200, { data });
        }
        case 'POST /submit': {
          const note = body?.note ?? null;
          s.posted = note ?? 'yes';
          return json(res, 200, { ok: true, note });
        }
        case 'POST /regenerate':
          await s.regenerate();
          return json(res, 200, { ok: true });
        case 'POST /login': {
          const user = url.searchParams.get('user') ?? '';
          if (mode === 'stored') await s.login(user, { keep: ['csrfSecret', 'cart'] });
          else {
            await s.regenerate();
            request.session.userId = user;
          }
          return json(res, 200, { ok: true });
        }
        case 'POST /hook':
        case 'OPTIONS /submit':
          return json(res, 200, { ok: true });
        default:
          return json(res, 404, { code: 'not found' });
      }
    }

    const server = http.createServer((req, res) => {
      route(req, res).catch((error: Data) => json(res, error.status ?? 500, { code: error.code, reason: error.reason }));
    });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
    };
  },
};
