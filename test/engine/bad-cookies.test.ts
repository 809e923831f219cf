import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import request from 'supertest';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { EXPRESS, SECRET, countingStore, makeApp, recordEvents, sessionCookie, standardRoutes } from './helpers.js';

const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

const ID = 'q0FzxtL3UWwMc3Ux7UR1vFHQW_s1xTSlvyTnDmZExnA';
const signed = (id: string, secret = SECRET) => `s%3A${encodeURIComponent(sign(id, secret))}`;

const hostile: Array<[string, string, string]> = [
  ['tampered', `sid=${signed(ID).replace('q0F', 'q1F')}`, 'bad_signature'],
  ['unsigned', `sid=${ID}`, 'unsigned'],
  ['wrong secret', `sid=${signed(ID, 'another-secret-that-is-long-enough-0123')}`, 'bad_signature'],
  ['truncated', `sid=${signed(ID).slice(0, -3)}`, 'bad_signature'],
  ['trailing garbage', `sid=${signed(ID)}AAAA`, 'bad_signature'],
  ['oversized', `sid=${'s'.repeat(5000)}`, 'oversized'],
  ['percent-garbage', 'sid=s%3A%E0%A4%A', 'malformed'],
  ['non-canonical id, validly signed', `sid=${signed(`${ID.slice(0, -1)}B`)}`, 'malformed'],
  ['empty', 'sid=', 'unsigned'],
  ['quoted', `sid="${signed(ID)}"`, 'unsigned'],
];

for (const [label, express] of EXPRESS) {
  describe(`hostile cookies (${label})`, () => {
    for (const [name, header, reason] of hostile) {
      test(`IN-01..04: ${name} → fresh anonymous session, no store call, rejected:${reason}`, async () => {
        const { store, calls } = countingStore();
        const { app, mw } = makeApp(express, { store }, standardRoutes);
        const events = recordEvents(mw);
        const res = await request(app).get('/read').set('Cookie', header).expect(200);
        assert.deepEqual(Object.keys(res.body.data), ['cookie']);
        assert.equal(calls.get, 0);
        assert.ok(
          events.some((e) => e.event === 'rejected' && (e.payload as { reason: string }).reason === reason),
          JSON.stringify(events),
        );
      });
    }

    test('IN-01: spoofed prefixes are not the __Host- cookie', async () => {
      const { store, calls } = countingStore();
      const { app } = makeApp(express, { store, name: '__Host-sid' }, (app) => {
        app.set('trust proxy', true);
        standardRoutes(app);
      });
      const cookie = sessionCookie(await request(app).get('/write').set('X-Forwarded-Proto', 'https'), '__Host-sid')!;
      const value = cookie.slice('__Host-sid='.length);
      // U+2000 as raw UTF-8 bytes on the wire.
      const en = Buffer.from('\u2000__Host-sid').toString('latin1');
      for (const spoof of ['%5F%5FHost-sid', en, '__host-sid', '$__Host-sid']) {
        const res = await request(app).get('/read').set('X-Forwarded-Proto', 'https').set('Cookie', `${spoof}=${value}`).expect(200);
        assert.deepEqual(Object.keys(res.body.data), ['cookie'], spoof);
      }
      assert.equal(calls.get, 0);
    });

    test('IN-02: duplicates are tried in order, the first that verifies wins, with a duplicate event', async () => {
      const { app, mw } = makeApp(express, {}, standardRoutes);
      const events = recordEvents(mw);
      const valid = sessionCookie(await request(app).get('/write'))!.slice(4);
      for (const header of [`sid=junk; sid=${valid}`, `sid=${valid}; sid=junk`]) {
        const res = await request(app).get('/read').set('Cookie', header).expect(200);
        assert.equal(res.body.data.count, 1, header);
      }
      assert.equal(events.filter((e) => e.event === 'rejected' && (e.payload as { reason: string }).reason === 'duplicate').length, 2);
    });

    test('T20: cookie names like __proto__ do not crash', async () => {
      const { app } = makeApp(express, {}, standardRoutes);
      await request(app).get('/read').set('Cookie', '__proto__=1; constructor=2; hasOwnProperty=3; sid=__proto__').expect(200);
    });
  });
}
