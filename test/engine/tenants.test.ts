/**
 * Per-tenant secrets and keys on `session()` (TEN-*), on real Express: the tenant comes from a
 * request header, each tenant signs (and seals at rest) with its own material, derived once.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { Express } from 'express';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { SessionOptionsError, SessionTenantError, session } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, SECRET, makeApp, sessionCookie } from './helpers.js';

const SECRETS: Record<string, string> = {
  acme: 'acme-signing-secret-0123456789-AbCdEfGhIj',
  globex: 'globex-signing-secret-9876543210-KlMnOpQr',
  weak: 'short',
};
const KEYS: Record<string, string> = { acme: generateSealKey(), globex: generateSealKey() };
const tenantOf = (req: { headers: Record<string, string | string[] | undefined> }) => String(req.headers['x-tenant'] ?? '');

function secretOf(tenant: string): string {
  const secret = SECRETS[tenant];
  if (secret === undefined) throw new Error(`unknown tenant ${tenant}`);
  return secret;
}

const routes = (app: Express) => {
  app.get('/set', (req, res) => {
    req.session.marker = `hello-${String(req.headers['x-tenant'])}`;
    res.end();
  });
  app.get('/read', (req, res) => res.json({ marker: req.session.marker ?? null }));
  app.get('/login/:user', async (req, res) => {
    await req.session.login(req.params.user!);
    res.end();
  });
  app.get('/logout', async (req, res) => {
    await req.session.destroy();
    res.end();
  });
};

const as = (tenant: string) => ({ 'X-Tenant': tenant });

for (const [label, express] of EXPRESS) {
  describe(`per-tenant secrets (${label})`, () => {
    test('TEN-01: a cookie signed for tenant A never verifies for tenant B, and A still reads it', async () => {
      const { app } = makeApp(express, { secret: (tenant) => secretOf(tenant), tenant: tenantOf }, routes);
      const cookie = sessionCookie(await request(app).get('/set').set(as('acme')))!;
      assert.ok(cookie);
      assert.deepEqual((await request(app).get('/read').set(as('acme')).set('Cookie', cookie)).body, { marker: 'hello-acme' });
      assert.deepEqual((await request(app).get('/read').set(as('globex')).set('Cookie', cookie)).body, { marker: null });
    });

    test('TEN-02: the secret function runs once per tenant while cached, again after LRU eviction', async () => {
      const calls: string[] = [];
      const { app } = makeApp(express, { secret: (tenant) => (calls.push(tenant), secretOf(tenant)), tenant: tenantOf, tenants: { max: 1 } }, routes);
      for (let i = 0; i < 4; i++) await request(app).get('/set').set(as('acme')).expect(200);
      assert.deepEqual(calls, ['acme']);
      await request(app).get('/set').set(as('globex')).expect(200);
      await request(app).get('/set').set(as('acme')).expect(200);
      assert.deepEqual(calls, ['acme', 'globex', 'acme']);
    });

    test('TEN-02: an asynchronous secret (a vault read) is derived once for concurrent first requests', async () => {
      let calls = 0;
      const secret = async (tenant: string) => {
        calls++;
        await new Promise((resolve) => setTimeout(resolve, 10));
        return secretOf(tenant);
      };
      const { app } = makeApp(express, { secret, tenant: tenantOf }, routes);
      const replies = await Promise.all([1, 2, 3].map(() => request(app).get('/set').set(as('acme'))));
      assert.ok(replies.every((reply) => reply.status === 200 && sessionCookie(reply) !== undefined));
      const cookie = sessionCookie(replies[0]!)!;
      assert.deepEqual((await request(app).get('/read').set(as('acme')).set('Cookie', cookie)).body, { marker: 'hello-acme' });
      assert.equal(calls, 1);
    });

    test('TEN-03: a weak, throwing or missing tenant secret fails that request with ERR_SESSION_TENANT, not the process', async () => {
      const calls: string[] = [];
      const { app } = makeApp(express, { secret: (tenant) => (calls.push(tenant), secretOf(tenant)), tenant: tenantOf }, routes);
      assert.deepEqual((await request(app).get('/read').set(as('weak')).expect(500)).body, { code: 'ERR_SESSION_TENANT' });
      assert.deepEqual((await request(app).get('/read').set(as('nobody')).expect(500)).body, { code: 'ERR_SESSION_TENANT' });
      assert.deepEqual((await request(app).get('/read').expect(500)).body, { code: 'ERR_SESSION_TENANT' }, 'no tenant named');
      // A failure is not cached: the next request of the tenant asks again.
      await request(app).get('/read').set(as('weak')).expect(500);
      assert.deepEqual(calls, ['weak', 'nobody', 'weak']);
      await request(app).get('/read').set(as('acme')).expect(200);
    });

    test('TEN-03: a rejecting asynchronous secret fails its request typed, and the next request asks again', async () => {
      let calls = 0;
      const secret = async (tenant: string) => {
        calls++;
        if (calls === 1) throw new Error('vault unavailable');
        return secretOf(tenant);
      };
      const { app } = makeApp(express, { secret, tenant: tenantOf }, routes);
      assert.deepEqual((await request(app).get('/read').set(as('acme')).expect(500)).body, { code: 'ERR_SESSION_TENANT' });
      assert.deepEqual((await request(app).get('/read').set(as('acme')).expect(200)).body, { marker: null });
      assert.equal(calls, 2);
    });

    test('TEN-03: the error names the tenant and keeps the strength rule as its cause, never the secret', async () => {
      let caught: unknown;
      const { app } = makeApp(express, { secret: (tenant) => secretOf(tenant), tenant: tenantOf }, (app) => {
        routes(app);
        app.use(((error, _req, res, _next) => {
          caught = error;
          res.status(500).end();
        }) as import('express').ErrorRequestHandler);
      });
      // Registered by routes(), so before makeApp's own handler: this one sees the error first.
      await request(app).get('/read').set(as('weak')).expect(500);
      assert.ok(caught instanceof SessionTenantError);
      assert.equal(caught.tenant, 'weak');
      assert.ok(caught.cause instanceof SessionOptionsError);
      assert.ok(!caught.message.includes(SECRETS.weak!));
    });

    test('TEN-04: events carry the tenant (created, login, rejected, destroyed) and never a secret', async () => {
      const { app, mw } = makeApp(express, { secret: (tenant) => secretOf(tenant), tenant: tenantOf }, routes);
      const seen: Array<[string, Record<string, unknown>]> = [];
      for (const name of ['created', 'login', 'rejected', 'destroyed'] as const) mw.on(name, (payload) => seen.push([name, { ...payload }]));
      const cookie = sessionCookie(await request(app).get('/login/alice').set(as('acme')))!;
      await request(app).get('/read').set(as('globex')).set('Cookie', cookie);
      await request(app).get('/logout').set(as('acme')).set('Cookie', cookie);
      assert.deepEqual(
        seen.map(([name, payload]) => [name, payload.tenant, (payload as { reason?: string }).reason ?? null]),
        [
          ['login', 'acme', null],
          ['created', 'acme', null],
          ['rejected', 'globex', 'bad_signature'],
          ['destroyed', 'acme', null],
        ],
      );
      const text = JSON.stringify(seen);
      for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret));
    });

    test('TEN-04: a tenant that cannot be served is an error event naming it, besides the failed request', async () => {
      const { app, mw } = makeApp(express, { secret: (tenant) => secretOf(tenant), tenant: tenantOf }, routes);
      const errors: Array<{ code: unknown; tenant: string | undefined }> = [];
      mw.on('error', ({ error, tenant }) => errors.push({ code: (error as SessionTenantError).code, tenant }));
      await request(app).get('/read').set(as('weak')).expect(500);
      await request(app).get('/read').expect(500);
      assert.deepEqual(errors, [
        { code: 'ERR_SESSION_TENANT', tenant: 'weak' },
        { code: 'ERR_SESSION_TENANT', tenant: undefined },
      ]);
    });

    test('TEN-04: a tenant option with one static secret tags events, while cookies verify for every tenant', async () => {
      const { app, mw } = makeApp(express, { tenant: tenantOf }, routes);
      const created: Array<string | undefined> = [];
      mw.on('created', (payload) => created.push(payload.tenant));
      const cookie = sessionCookie(await request(app).get('/set').set(as('acme')))!;
      assert.deepEqual(created, ['acme']);
      // Isolation needs a secret per tenant: one shared secret is one key for all of them.
      assert.deepEqual((await request(app).get('/read').set(as('globex')).set('Cookie', cookie)).body, { marker: 'hello-acme' });
    });

    test('TEN-04: without a tenant option events carry no tenant field', async () => {
      const { app, mw } = makeApp(express, {}, routes);
      const seen: object[] = [];
      mw.on('created', (payload) => seen.push(payload));
      await request(app).get('/set').expect(200);
      assert.equal(seen.length, 1);
      assert.ok(!('tenant' in seen[0]!));
    });

    test('TEN-05: management calls need { tenant } in a per-tenant setup and see only that tenant', async () => {
      const encryption = { keys: (tenant: string) => [KEYS[tenant]!] };
      const { app, mw } = makeApp(express, { secret: SECRET, encryption, tenant: tenantOf }, routes);
      await request(app).get('/login/alice').set(as('acme')).expect(200);
      await request(app).get('/login/alice').set(as('acme')).expect(200);
      await request(app).get('/login/alice').set(as('globex')).expect(200);
      await assert.rejects(mw.listUserSessions('alice'), (error: unknown) => error instanceof SessionTenantError && error.code === 'ERR_SESSION_TENANT');
      await assert.rejects(mw.destroyUserSessions('alice'), SessionTenantError);
      assert.equal((await mw.listUserSessions('alice', { tenant: 'acme' })).length, 2);
      assert.equal((await mw.listUserSessions('alice', { tenant: 'globex' })).length, 1);
      assert.equal(await mw.destroyUserSessions('alice', { tenant: 'acme' }), 2);
      assert.equal((await mw.listUserSessions('alice', { tenant: 'globex' })).length, 1, "globex's alice keeps her session");
    });

    test('TEN-05: { tenant } on a session() without tenants is refused, not ignored', async () => {
      const { mw } = makeApp(express, {}, routes);
      await assert.rejects(mw.listUserSessions('alice', { tenant: 'acme' }), SessionTenantError);
    });
  });
}

describe('per-tenant options at construction', () => {
  test('TEN-06: a function secret or encryption.keys without tenant, or a bad tenants bound, is a SessionOptionsError', () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    assert.throws(() => session({ secret: () => SECRETS.acme!, store }), (error: unknown) => error instanceof SessionOptionsError && /tenant: \(req\) => string/.test(error.message));
    assert.throws(() => session({ secret: SECRET, store, encryption: { keys: () => [KEYS.acme!] } }), SessionOptionsError);
    assert.throws(() => session({ secret: () => SECRETS.acme!, store, tenant: () => 'a', tenants: { max: 0 } }), SessionOptionsError);
    assert.throws(() => session({ secret: SECRET, store, tenant: 'acme' as never }), SessionOptionsError);
    assert.doesNotThrow(() => session({ secret: () => SECRETS.acme!, store, tenant: () => 'a' }));
  });
});
