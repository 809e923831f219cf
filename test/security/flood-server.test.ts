/**
 * Battery T30–T31 (security.md §6.2) for `session()`: 10,000 real HTTP requests each over keep-alive
 * sockets (their own file, so the floods run beside the rest of the battery).
 */
import assert from 'node:assert/strict';

import { describe, test } from 'node:test';
import { createCookieSigner } from '../../src/crypto/signer.js';
import { generateId } from '../../src/crypto/ids.js';
import { newSecret, serverApp } from './support/apps.js';
import { flood } from './support/load.js';

const sign = (value: string, secret: string) => createCookieSigner([secret]).sign(value);

describe('session(): floods', () => {
  test('T30 anonymous flood (LC-06): 10,000 cookieless requests that never write → 0 records, 0 Set-Cookie', async () => {
    const s = serverApp();
    const result = await flood(s.app, 10_000, '/read', () => ({}));
    assert.equal(result.statuses.get(200), 10_000);
    assert.deepEqual(result.setCookies, []);
    assert.equal(await s.store.length(), 0);
    assert.equal(s.calls.create + s.calls.update + s.calls.touch + s.calls.get, 0);
  });
  test('T31 unknown-id flood (SID-04, DET-04): 10,000 random well-formed signed ids → 0 store writes; one hashed event each for rate limiting', async () => {
    const secret = newSecret();
    const s = serverApp({ secret });
    const ids = Array.from({ length: 10_000 }, () => generateId());
    const result = await flood(s.app, ids.length, '/read', (i) => ({ cookie: `sid=${encodeURIComponent(`s:${sign(ids[i]!, secret)}`)}` }));
    assert.equal(result.statuses.get(200), 10_000);
    assert.equal(s.calls.create + s.calls.update + s.calls.touch, 0);
    assert.equal(s.calls.get, 10_000, 'one lookup per well-formed, validly signed id');
    const unknown = s.events.filter((e) => e.event === 'rejected' && e.payload.reason === 'unknown_id');
    assert.equal(unknown.length, 10_000);
    assert.ok(unknown.every((e) => typeof e.payload.session === 'string' && /^[0-9a-f]{32}$/.test(e.payload.session as string)));
    assert.ok(result.setCookies.every((line) => line.startsWith('sid=;')), 'only clearing cookies');
  });
});
