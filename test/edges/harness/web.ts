/**
 * The edge-suite harness for `satchel/web`: the contract's routes as one plain fetch handler
 * (`Request` → `Response`, as a Next.js route handler or a Remix loader would write them), served
 * on Node by @hono/node-server.
 */
import { cookieSession, flash, session } from '../../../src/web.js';
import type { WebCookieSession, WebSession } from '../../../src/web.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from '../contract.js';
import { serveFetch } from './serve.js';

type Data = Record<string, unknown> & { [method: string]: any };
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function plain(data: Data | null | undefined): Record<string, unknown> {
  const copy = data ? (JSON.parse(JSON.stringify(data)) as Record<string, unknown>) : {};
  delete copy.cookie;
  return copy;
}

export const webHarness: EdgeHarness = {
  name: 'web',
  async start(mode: EdgeMode, options: Record<string, unknown>, settings = {}): Promise<EdgeServer> {
    const withProxy = settings.trustProxy ? { ...options, proxy: true } : options;
    const stored = mode === 'stored' ? session(withProxy as never) : null;
    const sealed = mode === 'sealed' ? cookieSession(withProxy as never) : null;

    async function route(request: Request, s: WebSession | WebCookieSession): Promise<Response> {
      const url = new URL(request.url);
      const q = (name: string) => url.searchParams.get(name) ?? '';
      const data = s.session as Data;
      switch (`${request.method} ${url.pathname}`) {
        case 'GET /read':
          return Response.json({ data: plain(data), id: stored ? data.id : null });
        case 'POST /set':
          data[q('k')] = q('v');
          return Response.json({ ok: true });
        case 'POST /push':
          ((data[q('k')] ??= []) as unknown[]).push(q('v'));
          return Response.json({ ok: true });
        case 'POST /delete':
          delete data[q('k')];
          return Response.json({ ok: true });
        case 'POST /slow-set':
          await wait(Number(q('ms')));
          data[q('k')] = q('v');
          return Response.json({ ok: true });
        case 'POST /regenerate':
          await data.regenerate();
          (s.session as Data).after = 'regenerate';
          return Response.json({ ok: true });
        case 'POST /login':
          if (stored) await data.login(q('user'));
          else {
            await data.regenerate();
            (s.session as Data).userId = q('user');
          }
          return Response.json({ ok: true });
        case 'POST /logout':
          if (stored) await data.destroy();
          else s.session = null;
          return Response.json({ ok: true });
        case 'GET /users':
          return Response.json({ count: (await stored!.listUserSessions(q('user'))).length });
        case 'POST /other-devices':
          return Response.json({ ended: await data.destroyOtherSessions() });
        case 'GET /stream': {
          data.streamed = 'yes';
          const encoder = new TextEncoder();
          const body = new ReadableStream<Uint8Array>({
            async start(controller) {
              controller.enqueue(encoder.encode('chunk-1'));
              await wait(1);
              controller.enqueue(encoder.encode('chunk-2'));
              controller.close();
            },
          });
          return new Response(body, { headers: { 'content-type': 'text/plain' } });
        }
        case 'GET /redirect':
          data.redirected = 'yes';
          // Immutable headers: commit() answers a copy carrying the cookie.
          return Response.redirect(new URL('/read', url), 302);
        case 'POST /flash':
          return Response.json({ count: flash(s)(q('type'), q('v')) });
        case 'POST /flash-format':
          return Response.json({ count: flash(s)(q('type'), 'Hello %s', q('v')) });
        case 'GET /flash':
          return Response.json({ messages: url.searchParams.has('type') ? flash(s)(q('type')) : flash(s)() });
        case 'GET /activity':
          data.setActivity(q('a'));
          return Response.json({ data: plain(data) });
        case 'GET /fail':
          data.big = 10n;
          return Response.json({ ok: true });
        default:
          return new Response('not found', { status: 404 });
      }
    }

    return serveFetch(async (request) => {
      try {
        const s = stored ? await stored.load(request) : await sealed!.load(request);
        return await s.commit(await route(request, s));
      } catch (error) {
        return Response.json({ code: (error as { code?: string }).code }, { status: 500 });
      }
    });
  },
};
