import assert from 'node:assert/strict';
import { test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';
import { cookieHeaderFrom, newKey, setCookieFor } from './helpers.js';

const BAD: Array<[string, () => unknown]> = [
  ['a BigInt', () => 10n],
  ['a Map', () => new Map([['a', 1]])],
  ['a Set inside an object', () => ({ tags: new Set(['x']) })],
  ['a cycle', () => {
    const node: Record<string, unknown> = {};
    node.self = node;
    return node;
  }],
];

function app() {
  const server = express();
  server.use(cookieSession({ keys: [newKey()] }) as unknown as express.RequestHandler);
  server.get('/start', (req, res) => {
    req.session.ok = 1;
    res.send('ok');
  });
  server.get('/set/:what', (req, res) => {
    req.session.prefs = BAD[Number(req.params.what)]![1]();
    res.send('sealed?');
  });
  server.use(((error, _req, res, _next) => {
    res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown', key: (error as { key?: string }).key });
  }) as express.ErrorRequestHandler);
  return server;
}

for (const [index, [what]] of BAD.entries()) {
  test(`audit values (cookieSession): ${what} gives ERR_SESSION_VALUE naming the key, new and existing sessions alike`, async () => {
    const server = app();
    const fresh = await request(server).get(`/set/${index}`);
    assert.equal(fresh.status, 500);
    assert.deepEqual(fresh.body, { code: 'ERR_SESSION_VALUE', key: 'prefs' });
    assert.equal(setCookieFor(fresh, 'session'), undefined);

    const cookie = cookieHeaderFrom(await request(server).get('/start').expect(200));
    const existing = await request(server).get(`/set/${index}`).set('Cookie', cookie);
    assert.equal(existing.status, 500);
    assert.deepEqual(existing.body, { code: 'ERR_SESSION_VALUE', key: 'prefs' });
  });
}
