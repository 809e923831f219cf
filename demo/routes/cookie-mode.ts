import { Router } from 'express';
import { parse } from 'cookie';
import { cookieSession, csrf, flash } from '../../src/index.js';
import type { SessionTimeouts } from '../../src/index.js';
import type { EventLog } from '../events.js';
import { cookieAside, cookieMain } from '../views/cookie.js';
import { eventsCard, page } from '../views/layout.js';
import { html } from '../views/html.js';
import { isEditableKey, withoutCsrfSecret } from './keys.js';
import { csrfField } from '../csrf.js';
import { flashOf } from './context.js';

/** Cookie name of the sealed session, distinct from store mode's `sid`. */
export const SEALED_COOKIE = 'satchel-sealed';

// cookieSession() gives `req.session` a different shape than session(): plain data plus methods.
type SealedSession = Record<string, unknown> | null;

/** Sealed cookie sessions on `/cookie`, side by side with store mode. */
export function cookieModeRoutes(keys: string[], timeouts: SessionTimeouts, events: EventLog): Router {
  const router = Router();
  // The same deadlines as store mode. `persistent: false` makes a browser-session cookie, like
  // store mode's default, so a seal past its deadline still reaches the server and the page can
  // show the `expired` event (by default the cookie's Max-Age ends with the seal).
  const sealed = cookieSession({
    keys,
    name: SEALED_COOKIE,
    path: '/cookie',
    idleTimeout: timeouts.idle,
    absoluteTimeout: timeouts.absolute,
    persistent: false,
  });
  events.watchCookie(sealed);
  router.use(sealed);
  // The same req.flash as store mode: here the messages travel inside the sealed cookie.
  router.use(flash());
  // After the session it protects; express.urlencoded() (app.ts) already parsed the _csrf field.
  router.use(csrf());
  router.get('/csrf-token', (req, res) => void res.json({ token: req.csrfToken() }));
  const sessionOf = (req: { session?: unknown }) => req.session as unknown as SealedSession;

  router.get('/', (req, res) => {
    // Read first: reading removes the messages, so the data shown is without them.
    const flashed = flashOf(req);
    const raw = parse(req.headers.cookie ?? '')[SEALED_COOKIE] ?? null;
    const options = (req as unknown as { sessionOptions: { idleTimeout: number; absoluteTimeout: number } }).sessionOptions;
    const data = sessionOf(req);
    const view = { data: data && withoutCsrfSecret({ ...data }), cookieName: SEALED_COOKIE, raw, idleTimeout: options.idleTimeout, absoluteTimeout: options.absoluteTimeout };
    const who = 'cookie mode';
    res.type('html').send(page({ title: 'Cookie mode', here: '/cookie', who, flash: flashed, main: cookieMain(view), aside: html`${cookieAside(view)}${eventsCard(events.list())}`, csrf: csrfField(req, '/cookie/csrf-token') }));
  });

  router.post('/set', (req, res) => {
    const session = sessionOf(req) ?? {};
    session.name = 'Napoleon';
    session['primary skill'] = 'Dancing';
    req.session = session as never;
    req.flash('info', "Sealed into the cookie: name = 'Napoleon', 'primary skill' = 'Dancing'.");
    res.redirect(303, '/cookie?done=' + req.path.slice(1));
  });

  router.post('/push', (req, res) => {
    const session = sessionOf(req) ?? {};
    const skills = Array.isArray(session.skills) ? session.skills : [];
    skills.push('Baking');
    session.skills = skills;
    req.session = session as never;
    req.flash('info', "Sealed into the cookie: 'Baking' pushed to skills.");
    res.redirect(303, '/cookie?done=' + req.path.slice(1));
  });

  router.post('/var', (req, res) => {
    const key = String(req.body?.key ?? '').trim();
    const session = sessionOf(req) ?? {};
    if (isEditableKey(session, key, ['csrfSecret'])) session[key] = String(req.body?.value ?? '');
    req.session = session as never;
    req.flash('info', 'Sealed into the cookie.');
    res.redirect(303, '/cookie?done=' + req.path.slice(1));
  });

  router.post('/destroy', (req, res) => {
    req.session = null;
    res.redirect(303, '/cookie?done=' + req.path.slice(1));
  });

  // Anything else under /cookie ends here, so store-mode session() never sees these requests.
  router.use((_req, res) => void res.status(404).type('text').send('not found'));
  return router;
}
