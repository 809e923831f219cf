import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { SessionValueError } from '../../src/index.js';
import { EXPRESS, makeApp, sessionCookie } from './helpers.js';

const cycle = () => {
  const node: Record<string, unknown> = { name: 'a' };
  node.self = node;
  return node;
};

const BAD: Array<[string, () => unknown, string]> = [
  ['a BigInt', () => 10n, ''],
  ['a cycle', () => ({ tree: cycle() }), 'tree.self'],
  ['a Map', () => new Map([['a', 1]]), ''],
  ['a Set nested in an array', () => ({ list: [1, new Set([2])] }), 'list.1'],
];

for (const [label, express] of EXPRESS) {
  describe(`values JSON cannot carry (${label})`, () => {
    for (const [what, make, path] of BAD) {
      test(`audit values: ${what} gives ERR_SESSION_VALUE naming the key, and nothing is stored`, async () => {
        let seen: unknown;
        const { app, store } = makeApp(express, {}, (app) => {
          app.get('/set', (req, res) => {
            req.session.fine = 'yes';
            req.session.prefs = make();
            res.send('stored?');
          });
          app.get('/save', async (req, res) => {
            req.session.prefs = make();
            try {
              await req.session.save();
              res.send('saved');
            } catch (error) {
              seen = error;
              delete req.session.prefs;
              res.send('refused');
            }
          });
        });
        const res = await request(app).get('/set');
        assert.equal(res.status, 500);
        assert.equal(res.body.code, 'ERR_SESSION_VALUE');
        assert.equal(sessionCookie(res), undefined);
        assert.equal((await store.all()).length, 0);

        assert.equal((await request(app).get('/save')).text, 'refused');
        assert.ok(seen instanceof SessionValueError);
        assert.equal(seen.key, 'prefs');
        assert.equal(seen.path, path);
        assert.match(seen.message, /"prefs"/);
      });
    }

    test('audit values: Dates, nested plain data and toJSON objects still store as their JSON', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/set', (req, res) => {
          req.session.when = new Date(0);
          req.session.empty = {};
          req.session.deep = { a: [{}, { b: {} }] };
          res.send('ok');
        });
        app.get('/read', (req, res) => res.json(req.session));
      });
      const cookie = sessionCookie(await request(app).get('/set').expect(200))!;
      const body = (await request(app).get('/read').set('Cookie', cookie).expect(200)).body;
      assert.equal(body.when, '1970-01-01T00:00:00.000Z');
      assert.deepEqual(body.empty, {});
      assert.deepEqual(body.deep, { a: [{}, { b: {} }] });
    });
  });
}
