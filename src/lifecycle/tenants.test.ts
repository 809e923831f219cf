import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionOptionsError, SessionTenantError } from '../errors.js';
import { both, resolveTenantSetup, TenantContexts } from './tenants.js';

const setup = (max = 10) => resolveTenantSetup<{ t: unknown }>((req: { t: unknown }) => req.t, { max }, ['secret'])!;

test('a context is derived once per tenant while it stays cached, and again after eviction', () => {
  const calls: string[] = [];
  const contexts = new TenantContexts(setup(2), (tenant) => {
    calls.push(tenant);
    return { tenant };
  });
  for (let i = 0; i < 5; i++) {
    assert.deepEqual(contexts.of({ t: 'a' }), { tenant: 'a' });
    assert.deepEqual(contexts.of({ t: 'b' }), { tenant: 'b' });
  }
  assert.deepEqual(calls, ['a', 'b']);
  contexts.of({ t: 'c' }); // evicts a, the least recently used
  contexts.of({ t: 'b' });
  contexts.of({ t: 'a' });
  assert.deepEqual(calls, ['a', 'b', 'c', 'a']);
});

test('concurrent first requests of a tenant share one asynchronous derivation, later ones are synchronous', async () => {
  let calls = 0;
  const contexts = new TenantContexts(setup(), async (tenant) => {
    calls++;
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { tenant };
  });
  const first = contexts.of({ t: 'a' });
  const second = contexts.of({ t: 'a' });
  assert.ok(first instanceof Promise);
  assert.equal(first, second);
  await first;
  assert.deepEqual(contexts.of({ t: 'a' }), { tenant: 'a' });
  assert.equal(calls, 1);
});

test('a failed derivation is a SessionTenantError naming the tenant, and is not cached', async () => {
  let calls = 0;
  const contexts = new TenantContexts(setup(), (tenant) => {
    calls++;
    if (calls === 1) throw new SessionOptionsError('secret is too short');
    return { tenant };
  });
  assert.throws(
    () => contexts.of({ t: 'a' }),
    (error: unknown) => error instanceof SessionTenantError && error.code === 'ERR_SESSION_TENANT' && error.tenant === 'a' && error.cause instanceof SessionOptionsError,
  );
  assert.deepEqual(contexts.of({ t: 'a' }), { tenant: 'a' });

  const rejecting = new TenantContexts(setup(), async () => {
    calls++;
    throw new Error('vault down');
  });
  await assert.rejects(Promise.resolve(rejecting.of({ t: 'b' })), (error: unknown) => error instanceof SessionTenantError && /tenant "b": vault down/.test(error.message));
  const before = calls;
  await assert.rejects(Promise.resolve(rejecting.of({ t: 'b' })), SessionTenantError);
  assert.equal(calls, before + 1);
});

test('the tenant function must name a tenant: a non-empty string, or the request fails typed', () => {
  const contexts = new TenantContexts(setup(), (tenant) => ({ tenant }));
  for (const bad of ['', undefined, 42, 'x'.repeat(257)]) {
    assert.throws(() => contexts.of({ t: bad }), (error: unknown) => error instanceof SessionTenantError && error.code === 'ERR_SESSION_TENANT');
  }
  const throwing = new TenantContexts(resolveTenantSetup<unknown>(() => {
    throw new Error('no host');
  }, undefined, [])!, (tenant) => ({ tenant }));
  assert.throws(() => throwing.of({}), (error: unknown) => error instanceof SessionTenantError && error.tenant === undefined && /no host/.test(error.message));
});

test('per-tenant functions need a tenant option; the tenants bound must be a positive integer', () => {
  assert.throws(() => resolveTenantSetup(undefined, undefined, ['secret']), (error: unknown) => error instanceof SessionOptionsError && /add tenant/.test(error.message));
  assert.throws(() => resolveTenantSetup(undefined, { max: 5 }, []), SessionOptionsError);
  assert.throws(() => resolveTenantSetup('acme', undefined, []), SessionOptionsError);
  assert.throws(() => resolveTenantSetup(() => 'a', { max: 0 }, []), SessionOptionsError);
  assert.throws(() => resolveTenantSetup(() => 'a', { max: 1.5 }, []), SessionOptionsError);
  assert.equal(resolveTenantSetup(undefined, undefined, []), null);
  assert.equal(resolveTenantSetup(() => 'a', undefined, [])!.max, 1000);
});

test('both() stays synchronous for two plain values and waits for either promise', async () => {
  assert.equal(both(1, 2, (a, b) => a + b), 3);
  assert.equal(await both(Promise.resolve(1), 2, (a, b) => a + b), 3);
});
