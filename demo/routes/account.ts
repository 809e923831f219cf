import { Router } from 'express';
import { devicesMain, loginMain } from '../views/account.js';
import { page } from '../views/layout.js';
import { csrfField } from '../csrf.js';
import { flashOf, say, storeAside, userOf, whoText, type StoreModeContext } from './context.js';

const USER_NAME = /^[\w.@-]{1,32}$/;
const REMEMBER_MS = 7 * 24 * 3600 * 1000;

/** Login with id rotation, logout, "remember me", and "your devices". */
export function accountRoutes(ctx: StoreModeContext): Router {
  const router = Router();

  router.get('/login', async (req, res) => {
    const flash = flashOf(req);
    res.type('html').send(page({ title: 'Log in', here: '/login', who: whoText(req), flash, main: loginMain(userOf(req)), aside: await storeAside(req, ctx), csrf: csrfField(req, '/csrf-token') }));
  });

  router.post('/login', async (req, res) => {
    const username = String(req.body?.username ?? '').trim();
    // A fake user list: every well-formed name exists, and every password is "demo".
    if (!USER_NAME.test(username) || req.body?.password !== 'demo') {
      say(req, 'bad-login');
      res.redirect(303, '/login?done=bad-login');
      return;
    }
    // New id, old record destroyed; the anonymous session's variables come along because we ask
    // (all but csrfSecret: login() never keeps it, so the new session gets new CSRF tokens).
    await req.session.login(username, { keep: Object.keys(req.session) });
    req.session.user = { name: username };
    if (req.body?.remember === 'on') req.session.cookie.maxAge = REMEMBER_MS;
    // On the new session: login() rotated it, and req.flash follows req.session.
    say(req, 'login');
    res.redirect(303, '/?done=login');
  });

  router.post('/logout', async (req, res) => {
    await req.session.logout();
    res.redirect(303, '/?done=logout');
  });

  router.post('/remember', (req, res) => {
    req.session.cookie.maxAge = req.body?.remember === 'on' ? REMEMBER_MS : null;
    say(req, 'remember');
    res.redirect(303, '/?done=remember');
  });

  router.get('/devices', async (req, res) => {
    const name = userOf(req);
    if (!name) {
      say(req, 'need-login');
      res.redirect(303, '/login?done=need-login');
      return;
    }
    const sessions = await req.session.listUserSessions();
    const flash = flashOf(req);
    res.type('html').send(page({ title: 'Your devices', here: '/devices', who: whoText(req), flash, main: devicesMain(name, sessions), aside: await storeAside(req, ctx), csrf: csrfField(req, '/csrf-token') }));
  });

  router.post('/devices/sign-out', async (req, res) => {
    const key = typeof req.body?.key === 'string' ? req.body.key : '';
    const ended = userOf(req) && key ? await req.session.destroyUserSession(key) : false;
    say(req, ended ? 'signed-out' : 'not-found');
    res.redirect(303, `/devices?done=${ended ? 'signed-out' : 'not-found'}`);
  });

  router.post('/devices/logout-others', async (req, res) => {
    const closed = userOf(req) ? await req.session.destroyOtherSessions() : 0;
    req.flash('info', 'Logged out %d other session(s).', closed);
    res.redirect(303, `/devices?done=others-${closed}`);
  });

  return router;
}
