import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { expressVersions, implementations, Keygrip, observe, signedCookie, type Scenario } from './support/side-by-side.js';

// KR-02 with the upstream bug fixed: a cookie verified with an older key gets a `.sig` signed
// with keys[0] in the same response, and that `.sig` keeps the configured attributes.
const rotated: Scenario = {
  options: () => ({ keys: ['new', 'old'], maxAge: 3_600_000, domain: 'example.test', sameSite: 'lax', path: '/' }),
  cookie: signedCookie({ user: 7 }, 'old'),
  handler: (req, res) => res.end(String(req.session.user)),
};

for (const [expressName, makeApp] of Object.entries(expressVersions)) {
  describe(`KR-02: .sig re-issued after rotation keeps its attributes (${expressName})`, () => {
    beforeEach(() => mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 0, 2, 3, 4, 5) }));
    afterEach(() => mock.timers.reset());

    test('KR-02: the re-issued .sig is signed with keys[0] over the unchanged value', async () => {
      const res = await observe(makeApp, implementations.satchel, rotated);
      assert.equal(res.body, '7');
      assert.equal(res.setCookie?.length, 1);
      const value = Buffer.from(JSON.stringify({ user: 7 })).toString('base64');
      const expectedSig = new Keygrip(['new']).sign(`session=${value}`);
      assert.equal(res.setCookie?.[0].split(';')[0], `session.sig=${expectedSig}`);
    });

    test('KR-02: it carries Expires, Domain and SameSite where upstream drops them (the deliberate difference)', async () => {
      const upstream = await observe(makeApp, implementations.upstream, rotated);
      const satchel = await observe(makeApp, implementations.satchel, rotated);
      const expires = new Date(Date.UTC(2026, 0, 2, 4, 4, 5)).toUTCString();
      const sig = satchel.setCookie?.[0].split(';')[0];
      assert.deepEqual(upstream.setCookie, [`${sig}; path=/; httponly`]);
      assert.deepEqual(satchel.setCookie, [`${sig}; path=/; expires=${expires}; domain=example.test; samesite=lax; httponly`]);
    });

    test('KR-02: the rotated .sig follows req.sessionOptions changed later in the request', async () => {
      const res = await observe(makeApp, implementations.satchel, {
        ...rotated,
        handler: (req, res) => { void req.session.user; req.sessionOptions.maxAge = 60_000; res.end(); },
      });
      assert.match(res.setCookie?.[0] ?? '', new RegExp(`expires=${new Date(Date.UTC(2026, 0, 2, 3, 5, 5)).toUTCString()}`));
    });

    test('KR-02: a cookie signed by the primary key is not re-issued', async () => {
      const res = await observe(makeApp, implementations.satchel, { ...rotated, cookie: signedCookie({ user: 7 }, 'new') });
      assert.equal(res.setCookie, undefined);
    });

    test('KR-03: a key removed from the list no longer verifies', async () => {
      const res = await observe(makeApp, implementations.satchel, {
        ...rotated,
        options: () => ({ keys: ['new'] }),
        handler: (req, res) => res.end(String(req.session.isNew)),
      });
      assert.equal(res.body, 'true');
    });
  });
}
