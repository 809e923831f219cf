import { Router } from 'express';
import { homeMain } from '../views/home.js';
import { page } from '../views/layout.js';
import { flashOf, say, storeAside, userOf, whoText, type StoreModeContext } from './context.js';
import { isEditableKey, withoutCsrfSecret } from './keys.js';
import { csrfField } from '../csrf.js';

/** The tutorial's examples: set, push, change, delete, destroy; each a POST + redirect. */
export function tutorialRoutes(ctx: StoreModeContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    // Read first: reading removes the messages, so the data shown is without them.
    const flash = flashOf(req);
    const data = withoutCsrfSecret(JSON.parse(JSON.stringify(req.session)) as Record<string, unknown>);
    res.type('html').send(page({ title: 'Tutorial', here: '/', who: whoText(req), flash, main: homeMain(data, userOf(req)), aside: await storeAside(req, ctx), csrf: csrfField(req, '/csrf-token') }));
  });

  router.post('/tutorial/set', (req, res) => {
    req.session.name = 'Napoleon';
    req.session['primary skill'] = 'Dancing';
    say(req, 'set');
    res.redirect(303, '/?done=set');
  });

  router.post('/tutorial/push', (req, res) => {
    // A mutation inside an array: satchel compares each key's JSON, so no markModified() is needed.
    (req.session.skills ??= []).push('Baking');
    say(req, 'push');
    res.redirect(303, '/?done=push');
  });

  router.post('/tutorial/rename', (req, res) => {
    req.session.name = 'Pedro';
    say(req, 'rename');
    res.redirect(303, '/?done=rename');
  });

  router.post('/tutorial/destroy', async (req, res) => {
    await req.session.destroy();
    res.redirect(303, '/?done=destroyed');
  });

  router.post('/vars', (req, res) => {
    const key = String(req.body?.key ?? '').trim();
    // `user` is the login marker and `cookie` belongs to satchel: not editable from this form.
    if (!isEditableKey(req.session, key, ['user', 'cookie', 'csrfSecret'])) {
      res.redirect(303, '/');
      return;
    }
    req.session[key] = String(req.body?.value ?? '');
    say(req, 'var');
    res.redirect(303, '/?done=var');
  });

  router.post('/vars/delete', (req, res) => {
    const key = String(req.body?.key ?? '');
    // Only data keys (enumerable); `id` and the methods are not deletable.
    if (key !== 'cookie' && key !== 'csrfSecret' && Object.getOwnPropertyDescriptor(req.session, key)?.enumerable) delete req.session[key];
    say(req, 'deleted');
    res.redirect(303, '/?done=deleted');
  });

  return router;
}
