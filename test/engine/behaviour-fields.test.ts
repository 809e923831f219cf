import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { RequestHandler } from 'express';
import request from 'supertest';
import { resolveOptions } from '../../src/core/options.js';
import { sessionFromResolved } from '../../src/express/middleware.js';
import { MemoryStore } from '../../src/store/memory.js';
import { EXPRESS, setCookies, standardRoutes } from './helpers.js';

const require = createRequire(import.meta.url);
const signature = require('cookie-signature') as { unsign(v: string, s: string): string | false };

// The seam the express-session drop-in uses: express-session 1.19's values as behaviour fields.
function expressSessionLike(store: MemoryStore) {
  const base = resolveOptions({ secret: 'keyboard cat', store, name: 'connect.sid' }, { allowWeakSecret: true });
  return sessionFromResolved({
    ...base,
    hashKeys: false,
    genid: () => randomBytes(24).toString('base64url'),
    validateId: (id) => typeof id === 'string' && id.length > 0,
    saveUninitialized: true,
    resave: true,
    resignOnRead: false,
    cookieChangeIsModification: false,
    cookieExpiry: 'expires-from-date',
    commitTiming: 'on-headers',
    timeouts: { idle: Infinity, absolute: Infinity },
  });
}

for (const [label, express] of EXPRESS) {
  describe(`behaviour fields for presets (${label})`, () => {
    test('express-session values: raw-id store keys, saveUninitialized, cookie-signature cookies', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const app = express();
      app.use(expressSessionLike(store) as unknown as RequestHandler);
      standardRoutes(app);
      const res = await request(app).get('/read').expect(200);
      const [line] = setCookies(res);
      assert.match(line!, /^connect\.sid=s%3A/);
      const value = decodeURIComponent(line!.split(';')[0]!.slice('connect.sid='.length)).slice(2);
      const id = signature.unsign(value, 'keyboard cat');
      assert.equal(id, res.body.id);
      assert.equal((id as string).length, 32);
      assert.deepEqual(await store.ids(), [id], 'stored under the raw id, although nothing was written');
    });

    test("cookieExpiry 'expires-from-date' writes Expires without Max-Age", async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const base = resolveOptions({ secret: 'keyboard cat', store, cookie: { maxAge: 60_000 } }, { allowWeakSecret: true });
      const app = express();
      app.use(sessionFromResolved({ ...base, cookieExpiry: 'expires-from-date' }) as unknown as RequestHandler);
      standardRoutes(app);
      const [line] = setCookies(await request(app).get('/write').expect(200));
      assert.match(line!, /Expires=/);
      assert.doesNotMatch(line!, /Max-Age/);
    });
  });
}
