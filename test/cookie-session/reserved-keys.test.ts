import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { createSealer } from '../../src/crypto/seal.js';
import { SessionValueError } from '../../src/errors.js';
import { RESERVED_SESSION_KEYS, type CookieSession } from '../../src/lifecycle/sealed/session.js';
import { cookieHeaderFrom, newKey, shouldSetCookie } from './helpers.js';

const session = (req: express.Request) => (req as unknown as { session: CookieSession }).session;

function reservedApp(key = newKey()) {
  const mw = cookieSession({ keys: [key] });
  const errors: Array<{ key: string; code: string }> = [];
  mw.on('error', ({ error }) => errors.push({ key: (error as SessionValueError).key, code: (error as SessionValueError).code }));
  const app = express().use(mw);
  app.get('/write', (req, res) => {
    const name = String(req.query.key);
    const outcome = (write: () => void) => {
      try {
        write();
        return 'stored';
      } catch (error) {
        const e = error as SessionValueError;
        return `${e.name} ${e.code} ${e.key} ${e instanceof SessionValueError}`;
      }
    };
    res.json({
      assign: outcome(() => (session(req)[name] = 'x')),
      objectAssign: outcome(() => Object.assign(session(req), { [name]: 'x' })),
      // Sloppy-mode code (a Function body) used to lose the write without an error.
      sloppy: outcome(() => new Function('s', 'k', 's[k] = "x"')(session(req), name)),
      replace: outcome(() => ((req as unknown as { session: unknown }).session = { [name]: 'x', ok: 1 })),
      keys: Object.keys(session(req)),
    });
  });
  app.get('/me', (req, res) => {
    const s = session(req);
    res.json({ data: s, types: [typeof s.save, typeof s.regenerate, typeof s.destroy, typeof s.isNew], json: JSON.stringify(s) });
  });
  return { app, errors };
}

describe('audit F5: reserved names of cookieSession() never lose data silently', () => {
  test('audit F5: writing any reserved name (save, regenerate, destroy, isNew, toJSON, __proto__, …) throws SessionValueError', async () => {
    const { app } = reservedApp();
    for (const key of RESERVED_SESSION_KEYS) {
      const res = await request(app).get('/write').query({ key });
      const refused = `SessionValueError ERR_SESSION_VALUE ${key} true`;
      assert.deepEqual(res.body, { assign: refused, objectAssign: refused, sloppy: refused, replace: refused, keys: [] }, key);
    }
    const fine = await request(app).get('/write').query({ key: 'saved' });
    assert.deepEqual(fine.body, { assign: 'stored', objectAssign: 'stored', sloppy: 'stored', replace: 'stored', keys: ['saved', 'ok'] });
  });

  test('audit F5: the API behind the reserved names is unchanged: methods, flags, JSON of the data only', async () => {
    const { app } = reservedApp();
    const res = await request(app).get('/me');
    assert.deepEqual(res.body, { data: {}, types: ['function', 'function', 'function', 'boolean'], json: '{}' });
  });

  test('audit F5: a stored seal holding a reserved key loads without it, reports it as an error event, and is re-sealed without it', async () => {
    const key = newKey();
    const { app, errors } = reservedApp(key);
    const now = Date.now();
    // Sealed as an earlier version could have: a plain assignment made "save" an own key.
    const old = createSealer({ keys: [key] }).seal(
      { user: 'ann', save: 'draft', isNew: false },
      { name: 'session', purpose: 'session', context: 'parts=1' },
      { createdAt: now, idleExpiresAt: now + 60_000, absoluteExpiresAt: now + 3_600_000 },
      now,
    );
    const first = await request(app).get('/me').set('Cookie', `session=${old}`);
    assert.deepEqual(first.body.data, { user: 'ann' });
    assert.deepEqual(errors, [
      { key: 'save', code: 'ERR_SESSION_VALUE' },
      { key: 'isNew', code: 'ERR_SESSION_VALUE' },
    ]);
    shouldSetCookie(first, 'session');
    const second = await request(app).get('/me').set('Cookie', cookieHeaderFrom(first));
    assert.deepEqual(second.body.data, { user: 'ann' });
    assert.equal(errors.length, 2, 'the new seal no longer carries them');
  });
});
