/**
 * Per-tenant secrets and keys on every framework edge (TEN-01, TEN-03): the tenant function gets
 * each framework's own request (Express/node:http/Fastify request, Koa ctx, Hono/Web Request)
 * and reads the `X-Tenant` header from it; a cookie of one tenant never gives a session to
 * another, and a tenant without a secret fails its request through the framework's error path.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateSealKey } from '../../src/crypto/seal-keyring.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { Client } from './client.js';
import type { EdgeHarness, EdgeMode, EdgeServer } from './contract.js';
import { expressHarness } from './harness/express.js';
import { fastifyHarness } from './harness/fastify.js';
import { honoHarness } from './harness/hono.js';
import { koaHarness } from './harness/koa.js';
import { nodeHarness } from './harness/node.js';
import { webHarness } from './harness/web.js';

const SECRETS: Record<string, string> = { acme: 'acme-edge-secret-0123456789-AbCdEfGhIjKl', globex: 'globex-edge-secret-9876543210-MnOpQrStUv' };
const KEYS: Record<string, string> = { acme: generateSealKey(), globex: generateSealKey() };

/** The tenant from whatever the framework hands the function: a Fetch Request, a Node request, or Koa's ctx. */
function tenantOf(req: { headers: Headers | Record<string, string | string[] | undefined> }): string {
  const headers = req.headers;
  const value = headers instanceof Headers ? headers.get('x-tenant') : headers['x-tenant'];
  return typeof value === 'string' ? value : '';
}

function pick<T>(table: Record<string, T>, tenant: string): T {
  const value = table[tenant];
  if (value === undefined) throw new Error(`unknown tenant ${tenant}`);
  return value;
}

const OPTIONS: Record<EdgeMode, () => Record<string, unknown>> = {
  stored: () => ({
    secret: (tenant: string) => pick(SECRETS, tenant),
    encryption: { keys: (tenant: string) => [pick(KEYS, tenant)] },
    tenant: tenantOf,
    store: new MemoryStore({ sweepInterval: 0 }),
  }),
  sealed: () => ({ keys: (tenant: string) => [pick(KEYS, tenant)], tenant: tenantOf }),
};

function tenantCases(harness: EdgeHarness, mode: EdgeMode): void {
  describe(`${harness.name}: ${mode === 'stored' ? 'session()' : 'cookieSession()'} per tenant`, () => {
    let server: EdgeServer;
    before(async () => {
      server = await harness.start(mode, OPTIONS[mode]());
    });
    after(() => server.close());

    test('TEN-01: a cookie made for tenant A gives tenant B no session; A still reads it', async () => {
      const acme = new Client(server.url);
      assert.equal((await acme.post('/set?k=marker&v=acme-only', { headers: { 'x-tenant': 'acme' } })).status, 200);
      assert.deepEqual((await acme.get('/read', { headers: { 'x-tenant': 'acme' } })).json().data, { marker: 'acme-only' });
      const replayed = await new Client(server.url).get('/read', { headers: { 'x-tenant': 'globex' }, cookie: acme.cookieHeader() });
      assert.equal(replayed.status, 200);
      assert.deepEqual(replayed.json().data, {});
    });

    test('TEN-03: a tenant the secret function refuses fails with ERR_SESSION_TENANT through the edge', async () => {
      const reply = await new Client(server.url).get('/read', { headers: { 'x-tenant': 'initech' } });
      assert.equal(reply.status, 500);
      assert.deepEqual(reply.json(), { code: 'ERR_SESSION_TENANT' });
    });
  });
}

for (const harness of [expressHarness, fastifyHarness, koaHarness, honoHarness, nodeHarness, webHarness]) {
  tenantCases(harness, 'stored');
  tenantCases(harness, 'sealed');
}
