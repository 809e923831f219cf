/**
 * Battery T30–T31 (security.md §6.2) for `cookieSession()`: 10,000 real HTTP requests each over keep-alive
 * sockets (their own file, so the floods run beside the rest of the battery).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import request from 'supertest';
import { cookieApp, mustIssue, reasons } from './support/apps.js';
import { flood } from './support/load.js';

describe('cookieSession(): floods', () => {
  test('T30 anonymous flood (LC-06): 10,000 cookieless requests that never write → 0 Set-Cookie (and no store exists)', async () => {
    const c = cookieApp();
    const result = await flood(c.app, 10_000, '/read', () => ({}));
    assert.equal(result.statuses.get(200), 10_000);
    assert.deepEqual(result.setCookies, []);
  });
  test('T31 unknown-id flood (SID-04): not applicable — no ids; 10,000 random well-formed seals are all refused, nothing but clearing cookies', async () => {
    const c = cookieApp();
    const kid = mustIssue(await request(c.app).get('/write'), 'session').split('.')[1]!;
    const b64 = (n: number) => randomBytes(n).toString('base64url');
    const result = await flood(c.app, 10_000, '/read', () => ({ cookie: `session=v1.${kid}.${b64(16)}.${b64(12)}.${b64(40)}` }));
    assert.equal(result.statuses.get(200), 10_000);
    assert.ok(result.setCookies.every((line) => line.startsWith('session=;')));
    assert.equal(reasons(c.events).filter((r) => r === 'bad_seal').length, 10_000);
  });
});
