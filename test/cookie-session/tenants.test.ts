/**
 * Per-tenant key rings on `cookieSession()` (TEN-*), on real Express: a seal made with tenant A's
 * keys never opens for tenant B, the ring is built once per tenant, and events name the tenant.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import express from 'express';
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import request from 'supertest';
import { cookieSession, SessionOptionsError } from '../../src/index.js';
import type { CookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { cookieHeaderFrom, newKey, shouldSetCookie } from './helpers.js';

const KEYS: Record<string, string> = { acme: newKey(), globex: newKey() };
const tenantOf = (req: Request) => String(req.headers['x-tenant'] ?? '');

function keysOf(tenant: string): string[] {
  if (tenant === 'broken') return ['not-a-key'];
  const key = KEYS[tenant];
  if (key === undefined) throw new Error(`unknown tenant ${tenant}`);
  return [key];
}

function app(options: Partial<CookieSessionOptions>) {
  const mw = cookieSession({ keys: (tenant: string) => keysOf(tenant), tenant: tenantOf, secure: false, ...options } as CookieSessionOptions);
  const server = express();
  server.use(mw as unknown as RequestHandler);
  server.get('/set', (req, res) => {
    (req as unknown as { session: Record<string, unknown> }).session.marker = `hello-${tenantOf(req)}`;
    res.end();
  });
  server.get('/read', (req, res) => res.json({ marker: (req as unknown as { session: Record<string, unknown> }).session.marker ?? null }));
  server.use(((error, _req, res, _next) => res.status(500).json({ code: (error as { code?: string }).code ?? 'unknown' })) as ErrorRequestHandler);
  return { server, mw };
}

describe('cookieSession() per-tenant keys', () => {
  test('TEN-01: a seal made for tenant A never opens for tenant B (rejected, tagged with B)', async () => {
    const { server, mw } = app({});
    const rejected: Array<Record<string, unknown>> = [];
    mw.on('rejected', (payload) => rejected.push({ ...payload }));
    const set = await request(server).get('/set').set('X-Tenant', 'acme').expect(200);
    shouldSetCookie(set, 'session');
    const cookie = cookieHeaderFrom(set);
    assert.deepEqual((await request(server).get('/read').set('X-Tenant', 'acme').set('Cookie', cookie)).body, { marker: 'hello-acme' });
    assert.deepEqual((await request(server).get('/read').set('X-Tenant', 'globex').set('Cookie', cookie)).body, { marker: null });
    assert.equal(rejected.length, 1);
    assert.equal(rejected[0]!.tenant, 'globex');
  });

  test('TEN-02: the keys function runs once per tenant while cached; a promise of keys works too', async () => {
    const calls: string[] = [];
    const { server } = app({
      keys: async (tenant: string) => {
        calls.push(tenant);
        return keysOf(tenant);
      },
      tenants: { max: 2 },
    });
    let cookie = '';
    for (let i = 0; i < 3; i++) {
      const res = await request(server).get('/set').set('X-Tenant', 'acme').set('Cookie', cookie).expect(200);
      cookie = cookieHeaderFrom(res) || cookie;
    }
    await request(server).get('/set').set('X-Tenant', 'globex').expect(200);
    assert.deepEqual((await request(server).get('/read').set('X-Tenant', 'acme').set('Cookie', cookie)).body, { marker: 'hello-acme' });
    assert.deepEqual(calls, ['acme', 'globex']);
  });

  test('TEN-03 TEN-04: a bad key ring or a throwing keys function fails the request with ERR_SESSION_TENANT and an error event', async () => {
    const { server, mw } = app({});
    const errors: Array<string | undefined> = [];
    mw.on('error', ({ tenant }) => errors.push(tenant));
    assert.deepEqual((await request(server).get('/read').set('X-Tenant', 'broken').expect(500)).body, { code: 'ERR_SESSION_TENANT' });
    assert.deepEqual((await request(server).get('/read').set('X-Tenant', 'nobody').expect(500)).body, { code: 'ERR_SESSION_TENANT' });
    await request(server).get('/read').set('X-Tenant', 'acme').expect(200);
    assert.deepEqual(errors, ['broken', 'nobody'], 'each failure is also an error event naming the tenant');
  });

  test('TEN-04: created events carry the tenant', async () => {
    const { server, mw } = app({});
    const created: Array<Record<string, unknown>> = [];
    mw.on('created', (payload) => created.push({ ...payload }));
    await request(server).get('/set').set('X-Tenant', 'globex').expect(200);
    assert.deepEqual(created, [{ tenant: 'globex' }]);
  });

  test('TEN-06: keys as a function without tenant is a SessionOptionsError at construction', () => {
    assert.throws(() => cookieSession({ keys: () => [KEYS.acme!] }), (error: unknown) => error instanceof SessionOptionsError && /cookieSession: keys is a function of the tenant/.test(error.message));
  });
});
