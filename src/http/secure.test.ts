import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSecure } from './secure.js';
import type { ForwardedRule, SchemeRequest } from './secure.js';

const plain = (headers: SchemeRequest['headers'] = {}, extra: object = {}): SchemeRequest => ({ headers, socket: {}, ...extra });
const forwarded = plain({ 'x-forwarded-proto': 'HTTPS, http' });
const tls = { headers: {}, socket: { encrypted: true } };

describe('isSecure: one test, the forwarded-scheme rule as a parameter', () => {
  test('a TLS socket is HTTPS under every rule', () => {
    for (const rule of [true, false, undefined, 'secure', 'protocol'] as ForwardedRule[]) assert.equal(isSecure(tls, rule), true);
  });

  test('proxy: true trusts the first X-Forwarded-Proto (express-session and session() alike)', () => {
    assert.equal(isSecure(forwarded, true), true);
    assert.equal(isSecure(plain({ 'x-forwarded-proto': 'http, https' }), true), false);
    assert.equal(isSecure(plain(), true), false);
  });

  test('proxy: false ignores the header and req.secure', () => {
    assert.equal(isSecure({ ...forwarded, secure: true }, false), false);
  });

  test('undefined asks req.secure without an Express app, the trust proxy setting with one', () => {
    assert.equal(isSecure(forwarded, undefined), false);
    assert.equal(isSecure(plain({}, { secure: true }), undefined), true);
    const app = (trusted: boolean) => ({ get: (name: string) => (name === 'trust proxy fn' ? () => trusted : undefined) });
    assert.equal(isSecure({ headers: { 'x-forwarded-proto': 'https' }, socket: {}, app: app(true) } as SchemeRequest, undefined), true);
    assert.equal(isSecure({ ...forwarded, socket: {}, app: app(false), secure: true } as SchemeRequest, undefined), false);
  });

  test("'secure' reads the app's req.secure, even an overridden one (express-session, proxy unset)", () => {
    const app = { get: () => () => false };
    assert.equal(isSecure({ ...forwarded, app, secure: true } as SchemeRequest, 'secure'), true);
    assert.equal(isSecure(forwarded, 'secure'), false);
  });

  test("'protocol' reads req.protocol only, as the cookies package does for cookie-session", () => {
    assert.equal(isSecure(plain({}, { protocol: 'https' }), 'protocol'), true);
    assert.equal(isSecure({ ...forwarded, secure: true }, 'protocol'), false);
  });
});
