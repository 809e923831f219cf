/**
 * How the optional peer is found: lazily by default, never when `telemetry: false`, at once when
 * the module is passed; an absent or broken install wires nothing (no warning, no rejection);
 * with no SDK registered the instruments are null, and an SDK registered later is picked up.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { cookieSession, session, SessionOptionsError } from '../../src/index.js';
import { resolveCookieSessionOptions } from '../../src/lifecycle/sealed/options.js';
import { CookieSessionEventBus } from '../../src/lifecycle/sealed/events.js';
import { SessionEngine } from '../../src/lifecycle/stored/engine.js';
import { resolveOptions } from '../../src/lifecycle/stored/options.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { loadOpenTelemetry } from '../../src/telemetry/api.js';
import { TelemetrySource } from '../../src/telemetry/source.js';
import { instrumentSealed, instrumentStored } from '../../src/telemetry/wire.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { SECRET, sessionCookie } from '../engine/helpers.js';
import { newKey } from '../cookie-session/helpers.js';
import { api, counted, installOtel, type Otel } from './otel.js';

const unhandled = collectUnhandledRejections();
const warnings: Error[] = [];
process.on('warning', (warning) => warnings.push(warning));
after(() => {
  assert.deepEqual(unhandled, []);
  assert.deepEqual(warnings.map((w) => w.message), []);
});

let otel: Otel | undefined;
afterEach(async () => {
  await otel?.uninstall();
  otel = undefined;
});

const EVENTS = ['created', 'destroyed', 'expired', 'rejected', 'conflict', 'login'] as const;

function storedEngine() {
  return new SessionEngine(resolveOptions({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }));
}

/** Mocks of an install without the package, a broken one, and a foreign module. */
const missingApiMock = () => Promise.reject(Object.assign(new Error("Cannot find package '@opentelemetry/api'"), { code: 'ERR_MODULE_NOT_FOUND' }));
const throwingImporterMock = () => {
  throw new Error('require failed');
};
const foreignModuleMock = () => Promise.resolve({ default: { metrics: {} } });

describe('OT-01: when @opentelemetry/api is absent or unusable', () => {
  for (const [name, importer] of [
    ['missing', missingApiMock],
    ['throwing', throwingImporterMock],
    ['foreign', foreignModuleMock],
  ] as const) {
    test(`${name}: session() and cookieSession() engines stay exactly as without telemetry`, async () => {
      const engine = storedEngine();
      const base = engine.options.call;
      assert.equal(await instrumentStored(undefined, engine.options, engine.events, 'memory', importer), false);
      assert.equal(engine.options.call, base, 'the store wrapper is untouched');
      assert.equal(engine.options.syncCall, undefined);
      for (const event of EVENTS) assert.equal(engine.events.has(event), false, `no ${event} listener`);

      const config = resolveCookieSessionOptions({ keys: [newKey()] });
      const events = new CookieSessionEventBus();
      assert.equal(await instrumentSealed(undefined, config, events, importer), false);
      assert.equal(config.cookieWritten, undefined);
      for (const event of ['created', 'destroyed', 'expired', 'rejected'] as const) assert.equal(events.has(event), false);
    });
  }
});

describe('OT-01: the telemetry option', () => {
  test('false never wires, even with the API installed and an SDK registered', async () => {
    otel = installOtel();
    const engine = storedEngine();
    const base = engine.options.call;
    assert.equal(await instrumentStored(false, engine.options, engine.events, 'memory'), false);
    assert.equal(engine.options.call, base);
    assert.equal(engine.events.has('created'), false);
  });

  test('anything but true, false or the API module is refused at construction', () => {
    for (const telemetry of ['yes', 1, {}, { metrics: {} }, null]) {
      assert.throws(() => session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }), telemetry: telemetry as never }), SessionOptionsError);
      assert.throws(() => cookieSession({ keys: [newKey()], telemetry: telemetry as never }), SessionOptionsError);
    }
  });

  test('the module passed in is wired at once (a bundle without it on disk)', async () => {
    const engine = storedEngine();
    const base = engine.options.call;
    const wired = instrumentStored(api, engine.options, engine.events, 'memory');
    assert.notEqual(engine.options.call, base, 'synchronously');
    assert.equal(typeof engine.options.syncCall, 'function');
    assert.equal(await wired, true);
  });

  test('by default the installed API is imported lazily, and both modes report once it arrives', async () => {
    otel = installOtel();
    const stored = express().use(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }) }) as unknown as express.RequestHandler);
    stored.get('/write', (req, res) => {
      req.session.n = 1;
      res.send('ok');
    });
    const sealed = express().use(cookieSession({ keys: [newKey()] }) as unknown as express.RequestHandler);
    sealed.get('/write', (req, res) => {
      (req as unknown as { session: Record<string, unknown> }).session.n = 1;
      res.send('ok');
    });
    assert.ok(await loadOpenTelemetry(), 'the real package loads');
    await request(stored).get('/write');
    await request(sealed).get('/write');
    const metrics = await otel.metrics();
    assert.equal(counted(metrics, 'satchel.session.created', { 'satchel.session.mode': 'store' }), 1);
    assert.equal(counted(metrics, 'satchel.session.created', { 'satchel.session.mode': 'cookie' }), 1);
  });
});

describe('OT-02: providers', () => {
  test('with no SDK registered there are no instruments; an SDK registered later is used from then on', async () => {
    const source = new TelemetrySource(api);
    assert.equal(source.current(), null);
    const app = express().use(session({ secret: SECRET, store: new MemoryStore({ sweepInterval: 0 }), telemetry: api }) as unknown as express.RequestHandler);
    app.get('/write', (req, res) => {
      req.session.n = ((req.session.n as number | undefined) ?? 0) + 1;
      res.send('ok');
    });
    const cookie = sessionCookie(await request(app).get('/write'))!;
    otel = installOtel();
    assert.notEqual(source.current(), null);
    await request(app).get('/write');
    await request(app).get('/write').set('Cookie', cookie);
    const metrics = await otel.metrics();
    assert.equal(counted(metrics, 'satchel.session.created'), 1, 'only the session created after registration');
    assert.equal(otel.spans().filter((span) => span.name === 'satchel.store update').length, 1);
  });

  test('session() listens to its events only while a meter provider is registered (a listener costs a keyed hash per created session)', async () => {
    const engine = storedEngine();
    await instrumentStored(api, engine.options, engine.events, 'memory');
    const storeCall = () => engine.options.call('get', () => Promise.resolve(null));
    await storeCall();
    for (const event of EVENTS) assert.equal(engine.events.has(event), false, `no ${event} listener without a provider`);
    otel = installOtel({ traces: false });
    await storeCall();
    for (const event of EVENTS) assert.equal(engine.events.has(event), true, `${event} counted once a meter provider is registered`);
    await otel.uninstall();
    otel = installOtel({ metrics: false });
    await storeCall();
    assert.equal(engine.events.has('created'), false, 'a tracer alone counts nothing');
  });

  test('metrics without traces, and traces without metrics', async () => {
    otel = installOtel({ traces: false });
    const metricsOnly = new TelemetrySource(api).current();
    assert.ok(metricsOnly?.meter);
    assert.equal(metricsOnly?.tracer, null);
    await otel.uninstall();
    otel = installOtel({ metrics: false });
    const tracesOnly = new TelemetrySource(api).current();
    assert.equal(tracesOnly?.meter, null);
    assert.ok(tracesOnly?.tracer);
  });
});
