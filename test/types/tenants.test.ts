/**
 * The per-tenant options as apps write them type-check with each edge's request (TEN-06's typed
 * half): checked by `tsc -p test/types`; the `@ts-expect-error` lines are the negative checks.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Request } from 'express';
import { cookieSession, session } from '../../src/index.js';
import { session as honoSession } from '../../src/hono.js';
import type { PerTenant, SessionEvents } from '../../src/index.js';

const key = 'mrRj8l3Xh3m0gBq1Jm1QxV0oK9yJr2b8r7Yw4v6u5t0';

test('TEN-06: per-tenant options type-check on Express and Hono, and build middlewares', () => {
  const express = session({
    tenant: (req: Request) => req.hostname,
    secret: async (tenant, req) => {
      const host: string | undefined = req?.hostname;
      return `${tenant}-${host ?? 'management'}-secret-0123456789abcdefghij`;
    },
    encryption: { keys: (tenant) => [`${tenant}${key}`] },
    tenants: { max: 50 },
  });
  const hono = honoSession({ tenant: (request) => new URL(request.url).hostname, secret: (tenant) => [`${tenant}-0123456789-abcdefghijklmnopqrstuvwx`] });
  const sealed = cookieSession({ tenant: (req: Request) => req.hostname, keys: (tenant: string) => [`${tenant}${key}`] });
  const listed: Promise<unknown> = express.listUserSessions('u1', { tenant: 'acme' });
  listed.catch(() => {});
  const onCreated = (payload: SessionEvents['created']): string | undefined => payload.tenant;
  express.on('created', onCreated);
  const fn: PerTenant<Request, string> = (tenant) => tenant;

  // @ts-expect-error: the tenant function names a tenant with a string
  session({ tenant: () => 42, secret: () => 'x' });
  // @ts-expect-error: a per-tenant secret is a secret, not a number
  session({ tenant: () => 'a', secret: () => 42 });

  for (const unit of [express, hono, sealed, fn]) assert.equal(typeof unit, 'function');
});
