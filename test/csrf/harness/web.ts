/**
 * The CSRF harness for `satchel/web`: one fetch handler, `await guard.check(request, loaded)`
 * before the routes (the form's `_csrf` read from a clone), the handler then reading the body
 * itself; a refusal answered from the catch.
 */
import { cookieSession, csrf, session } from '../../../src/web.js';
import type { WebCookieSession, WebSession } from '../../../src/web.js';
import { serveFetch } from '../../edges/harness/serve.js';
import { sessionOptions, type CsrfHarness } from '../contract.js';

type Data = Record<string, any>;

export const webCsrfHarness: CsrfHarness = {
  name: 'web',
  async start(mode, csrfOptions = {}) {
    const stored = mode === 'stored' ? session(sessionOptions(mode) as never) : null;
    const sealed = mode === 'sealed' ? cookieSession(sessionOptions(mode) as never) : null;
    const guard = csrf(csrfOptions);

    async function route(request: Request, loaded: WebSession | WebCookieSession): Promise<Response> {
      const url = new URL(request.url);
      await guard.check(request, loaded);
      const s = loaded.session as Data;
      switch (`${request.method === 'HEAD' ? 'GET' : request.method} ${url.pathname}`) {
        case 'GET /token':
          return Response.json({ token: guard.token(loaded) });
        case 'GET /read': {
          const data = JSON.parse(JSON.stringify(s ?? {})) as Data;
          delete data.cookie;
          return Response.json({ data });
        }
        case 'POST /submit': {
          const form = request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded') ? await request.formData() : null;
          const note = (form?.get('note') as string | null) ?? null;
          s.posted = note ?? 'yes';
          return Response.json({ ok: true, note });
        }
        case 'POST /regenerate':
          await s.regenerate();
          return Response.json({ ok: true });
        case 'POST /login': {
          const user = url.searchParams.get('user') ?? '';
          if (stored) await s.login(user, { keep: ['csrfSecret', 'cart'] });
          else {
            await s.regenerate();
            (loaded.session as Data).userId = user;
          }
          return Response.json({ ok: true });
        }
        case 'POST /hook':
        case 'OPTIONS /submit':
          return Response.json({ ok: true });
        default:
          return new Response('not found', { status: 404 });
      }
    }

    return serveFetch(async (request) => {
      const loaded = stored ? await stored.load(request) : await sealed!.load(request);
      try {
        return await loaded.commit(await route(request, loaded));
      } catch (error) {
        const e = error as Data;
        return Response.json({ code: e.code, reason: e.reason }, { status: e.status ?? 500 });
      }
    });
  },
};
