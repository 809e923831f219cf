/**
 * `session()` metrics through the real SDK (in-memory reader), on Express: every counter, the
 * store-operation histogram with its attributes, and failures as `error.type`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import request from 'supertest';
import { generateId } from '../../src/crypto/ids.js';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import type { SessionPatch } from '../../src/types.js';
import { SECRET, makeApp, manualClock, recordEvents, sessionCookie, standardRoutes } from '../engine/helpers.js';
import { api, counted, descriptorOf, installOtel, recorded, type Otel } from './otel.js';

const MIN = 60_000;
let otel: Otel;
before(() => {
  otel = installOtel();
});
after(() => otel.uninstall());

function routes(app: express.Express): void {
  standardRoutes(app);
  app.get('/login', async (req, res) => {
    await req.session.login('alice');
    res.send('in');
  });
}

/** A memory store whose saves always find their record gone: every update is a conflict. */
class VanishingStore extends MemoryStore {
  override async update(_key: string, _patch: SessionPatch): Promise<boolean> {
    return false;
  }
}

describe('OT-03: session() counters', () => {
  test('created, destroyed and logins count what the events report, attributed to the store mode', async () => {
    const before = await otel.metrics();
    const { app, mw } = makeApp(express, { telemetry: api }, routes);
    const events = recordEvents(mw);
    const first = sessionCookie(await request(app).get('/write'))!;
    await request(app).get('/destroy').set('Cookie', first);
    const second = sessionCookie(await request(app).get('/write'))!;
    await request(app).get('/login').set('Cookie', second);
    const now = await otel.metrics();
    const delta = (name: string) => counted(now, name, { 'satchel.session.mode': 'store' }) - counted(before, name, { 'satchel.session.mode': 'store' });
    const seen = (name: string) => events.filter((entry) => entry.event === name).length;
    assert.equal(delta('satchel.session.created'), seen('created'));
    assert.ok(seen('created') >= 3, 'two writes and the session login() rotates to');
    assert.equal(delta('satchel.session.destroyed'), 1);
    assert.equal(delta('satchel.session.logins'), seen('login'));
    assert.ok(seen('login') >= 1);
    assert.equal(descriptorOf(now, 'satchel.session.created')?.unit, '{session}');
  });

  test('expired counts by reason: idle and absolute', async () => {
    const clock = manualClock(Date.now()); // the memory store keeps real time: start there
    const { app } = makeApp(express, { telemetry: api, now: clock.now, timeouts: { idle: 30 * MIN, absolute: 45 * MIN } }, routes);
    const before = await otel.metrics();
    const idle = sessionCookie(await request(app).get('/write'))!;
    clock.advance(31 * MIN);
    await request(app).get('/read').set('Cookie', idle);
    const absolute = sessionCookie(await request(app).get('/write'))!;
    clock.advance(25 * MIN);
    await request(app).get('/write').set('Cookie', absolute);
    clock.advance(21 * MIN);
    await request(app).get('/read').set('Cookie', absolute);
    const now = await otel.metrics();
    for (const reason of ['idle', 'absolute']) {
      const attrs = { 'satchel.session.mode': 'store', 'satchel.session.expiry.reason': reason };
      assert.equal(counted(now, 'satchel.session.expired', attrs) - counted(before, 'satchel.session.expired', attrs), 1, reason);
    }
  });

  test('rejected counts by reason', async () => {
    const { app } = makeApp(express, { telemetry: api }, routes);
    const forged = `sid=${encodeURIComponent(`s:${createCookieSigner(['another-secret-of-at-least-32-characters!']).sign(generateId())}`)}`;
    const unknown = `sid=${encodeURIComponent(`s:${createCookieSigner([SECRET]).sign(generateId())}`)}`;
    const before = await otel.metrics();
    await request(app).get('/read').set('Cookie', forged);
    await request(app).get('/read').set('Cookie', unknown);
    const now = await otel.metrics();
    for (const reason of ['bad_signature', 'unknown_id']) {
      const attrs = { 'satchel.session.rejection.reason': reason };
      assert.equal(counted(now, 'satchel.session.rejected', attrs) - counted(before, 'satchel.session.rejected', attrs), 1, reason);
    }
  });

  test('conflicts count saves whose record was gone', async () => {
    const { app } = makeApp(express, { telemetry: api, store: new VanishingStore({ sweepInterval: 0 }) }, routes);
    const cookie = sessionCookie(await request(app).get('/write'))!;
    const before = await otel.metrics();
    const res = await request(app).get('/write').set('Cookie', cookie);
    assert.equal(res.status, 500);
    const now = await otel.metrics();
    assert.equal(counted(now, 'satchel.session.conflicts') - counted(before, 'satchel.session.conflicts'), 1);
  });
});

describe('OT-04: session() store operation duration', () => {
  test('one value per store call, by store and operation, in seconds', async () => {
    const clock = manualClock(Date.now()); // the memory store keeps real time: start there
    const { app } = makeApp(express, { telemetry: api, now: clock.now }, routes);
    const before = await otel.metrics();
    const cookie = sessionCookie(await request(app).get('/write'))!; // create
    await request(app).get('/write').set('Cookie', cookie); // get (in-process read) + update
    clock.advance(2 * MIN);
    await request(app).get('/read').set('Cookie', cookie); // get + touch
    await request(app).get('/destroy').set('Cookie', cookie); // get + destroy
    const now = await otel.metrics();
    const calls = (operation: string) => {
      const attrs = { 'satchel.store.name': 'memory', 'satchel.store.operation': operation };
      return recorded(now, 'satchel.store.operation.duration', attrs) - recorded(before, 'satchel.store.operation.duration', attrs);
    };
    assert.deepEqual(
      Object.fromEntries(['create', 'get', 'update', 'touch', 'destroy'].map((op) => [op, calls(op)])),
      { create: 1, get: 3, update: 1, touch: 1, destroy: 1 },
    );
    const descriptor = descriptorOf(now, 'satchel.store.operation.duration');
    assert.equal(descriptor?.unit, 's');
  });

  test('a failed call carries error.type: the store error code, and a timeout its own', async () => {
    class BrokenStore extends MemoryStore {
      override get kind() {
        return 'broken';
      }
      override async get(): Promise<never> {
        throw new Error('connection refused');
      }
    }
    class HangingStore extends MemoryStore {
      override get kind() {
        return 'hanging';
      }
      override get(): Promise<never> {
        return new Promise(() => {});
      }
    }
    // A validly signed cookie, so the engine asks the store.
    const cookieFor = () => `sid=${encodeURIComponent(`s:${createCookieSigner([SECRET]).sign(generateId())}`)}`;
    const broken = makeApp(express, { telemetry: api, store: new BrokenStore({ sweepInterval: 0 }) }, routes);
    const hanging = makeApp(express, { telemetry: api, operationTimeout: 20, store: new HangingStore({ sweepInterval: 0 }) }, routes);
    assert.equal((await request(broken.app).get('/read').set('Cookie', cookieFor())).status, 500);
    assert.equal((await request(hanging.app).get('/read').set('Cookie', cookieFor())).status, 500);
    const now = await otel.metrics();
    assert.equal(recorded(now, 'satchel.store.operation.duration', { 'satchel.store.name': 'broken', 'satchel.store.operation': 'get', 'error.type': 'ERR_SESSION_STORE' }), 1);
    assert.equal(
      recorded(now, 'satchel.store.operation.duration', { 'satchel.store.name': 'hanging', 'satchel.store.operation': 'get', 'error.type': 'ERR_SESSION_STORE_TIMEOUT' }),
      1,
    );
  });

  test('the store name: kind, else class name, else custom; callback stores by their class', async () => {
    const { storeNameOf } = await import('../../src/telemetry/store-name.js');
    class AcmeStore {}
    assert.equal(storeNameOf(undefined), 'memory');
    assert.equal(storeNameOf(new MemoryStore({ sweepInterval: 0 })), 'memory');
    assert.equal(storeNameOf(new AcmeStore()), 'AcmeStore');
    assert.equal(storeNameOf({ get() {}, create() {} }), 'custom');
    assert.equal(storeNameOf({ kind: 'edge-kv' }), 'edge-kv');
  });
});
