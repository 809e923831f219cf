/**
 * Store spans through the real SDK (BasicTracerProvider + in-memory exporter, AsyncLocalStorage
 * context), on Express: children of the request's span, parents of the driver's own spans, named
 * `satchel.store <op>`, and never carrying the session id, the cookie, the store key or the user.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { session } from '../../src/index.js';
import { hashStoreKey } from '../../src/crypto/ids.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { SessionGetOptions, SessionRecord } from '../../src/types.js';
import { SECRET, sessionCookie } from '../engine/helpers.js';
import { api, installOtel, type Otel } from './otel.js';

let otel: Otel;
before(() => {
  otel = installOtel();
});
after(() => otel.uninstall());

/** An asynchronous store (no in-process read) whose `get` emits a span as a driver's instrumentation would. */
class InstrumentedDriverStore extends MemoryStore {
  override get kind() {
    return 'driver';
  }
  override async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    const span = api.trace.getTracer('test-driver').startSpan('test.driver get');
    try {
      return await super.get(key, options);
    } finally {
      span.end();
    }
  }
}

/** An app whose first middleware starts the request's span and runs the rest inside it. */
function tracedApp(store: MemoryStore) {
  const app = express();
  app.use((_req, res, next) => {
    const span = api.trace.getTracer('test-http').startSpan('test.request');
    res.on('finish', () => span.end());
    api.context.with(api.trace.setSpan(api.context.active(), span), next);
  });
  app.use(session({ secret: SECRET, store, telemetry: api }) as unknown as express.RequestHandler);
  app.get('/write', (req, res) => {
    req.session.n = ((req.session.n as number | undefined) ?? 0) + 1;
    res.send('ok');
  });
  app.get('/login', async (req, res) => {
    await req.session.login('user-4242');
    res.send(req.sessionID);
  });
  app.use(((error, _req, res, _next) => res.status(500).json({ code: (error as { code?: string }).code })) as express.ErrorRequestHandler);
  return app;
}

const storeSpans = () => otel.spans().filter((span) => span.name.startsWith('satchel.store '));

describe('OT-06: store spans', () => {
  test('OT-06/OT-07: every store call is a child of the request span, the driver span a child of it, and no attribute names the session or user', async () => {
    const app = tracedApp(new InstrumentedDriverStore({ sweepInterval: 0 }));
    const first = await request(app).get('/write');
    const cookie = sessionCookie(first)!;
    const login = await request(app).get('/login').set('Cookie', cookie);
    const newId = login.text;
    const newCookie = sessionCookie(login)!;
    const oldId = decodeURIComponent(cookie.slice(4)).slice(2).split('.')[0]!;

    const spans = otel.spans();
    const requests = spans.filter((span) => span.name === 'test.request');
    const stores = storeSpans();
    assert.equal(requests.length, 2);
    assert.deepEqual(stores.map((span) => span.name).sort(), ['satchel.store create', 'satchel.store create', 'satchel.store destroy', 'satchel.store get']);
    for (const span of stores) {
      const parent = requests.find((r) => r.spanContext().spanId === span.parentSpanContext?.spanId);
      assert.ok(parent, `${span.name} has the request span as parent`);
      assert.equal(span.spanContext().traceId, parent.spanContext().traceId);
      assert.equal(span.kind, api.SpanKind.INTERNAL);
      assert.equal(span.attributes['satchel.store.name'], 'driver');
      assert.equal(span.attributes['satchel.store.operation'], span.name.slice('satchel.store '.length));
      assert.equal(span.instrumentationScope.name, 'satchel');
    }
    const get = stores.find((span) => span.name === 'satchel.store get')!;
    const driver = spans.find((span) => span.name === 'test.driver get')!;
    assert.equal(driver.parentSpanContext?.spanId, get.spanContext().spanId, "the driver's span nests under satchel's");

    const secrets = [oldId, newId, cookie, newCookie, hashStoreKey(oldId), hashStoreKey(newId), 'user-4242'];
    for (const span of spans) {
      for (const value of Object.values(span.attributes)) {
        for (const secret of secrets) assert.ok(!String(value).includes(secret), `${span.name} attribute ${String(value)} names ${secret}`);
      }
    }
  });

  test('the in-process read (getSync) is a span too', async () => {
    const app = tracedApp(new MemoryStore({ sweepInterval: 0 }));
    const cookie = sessionCookie(await request(app).get('/write'))!;
    const already = storeSpans().length;
    await request(app).get('/write').set('Cookie', cookie);
    const fresh = storeSpans().slice(already);
    assert.deepEqual(fresh.map((span) => span.name), ['satchel.store get', 'satchel.store update']);
    assert.ok(fresh.every((span) => span.attributes['satchel.store.name'] === 'memory'));
    const request2 = otel.spans().filter((span) => span.name === 'test.request').at(-1)!;
    assert.ok(fresh.every((span) => span.parentSpanContext?.spanId === request2.spanContext().spanId));
  });

  test('a failed store call ends its span with an error status and error.type, without the message', async () => {
    class FailingStore extends MemoryStore {
      override async create(): Promise<boolean> {
        throw new Error('write refused for key abc');
      }
    }
    const app = tracedApp(new FailingStore({ sweepInterval: 0 }));
    assert.equal((await request(app).get('/write')).status, 500);
    const span = storeSpans().at(-1)!;
    assert.equal(span.name, 'satchel.store create');
    assert.equal(span.status.code, api.SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'ERR_SESSION_STORE');
    assert.equal(span.attributes['error.type'], 'ERR_SESSION_STORE');
    assert.equal(span.events.length, 0, 'no exception event: a driver message may quote a key');
  });
});
