/**
 * One CSRF suite for every framework edge and both session modes, over real HTTP: tokens tied to
 * the session, the header and the form field, refusals (typed, 403) for a missing, foreign or
 * stale token and for cross-site requests, lazy secrets, rotation at regenerate/login, exemptions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CsrfClient, type Answer } from './client.js';
import type { CsrfHarness, CsrfMode, CsrfServer } from './contract.js';

function refused(answer: Answer, reason: string): void {
  assert.equal(answer.status, 403, answer.text);
  assert.deepEqual(answer.json(), { code: 'ERR_SESSION_CSRF', reason });
}

export function runCsrfSuite(harness: CsrfHarness): void {
  describe(`csrf suite: ${harness.name}`, () => {
    for (const mode of ['stored', 'sealed'] as const) modeCases(harness, mode);
  });
}

function modeCases(harness: CsrfHarness, mode: CsrfMode): void {
  describe(mode === 'stored' ? 'session()' : 'cookieSession()', () => {
    let server: CsrfServer;
    before(async () => {
      server = await harness.start(mode, { exempt: ['/hook'] });
    });
    after(() => server.close());
    const client = () => new CsrfClient(server.url);

    test('lazy: no token asked, no secret and no session; an unsafe request then fails (no-secret)', async () => {
      const c = client();
      const read = await c.send('GET', '/read');
      assert.equal(read.status, 200);
      assert.deepEqual(read.setCookies, []);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': 'AAAAAAAA-' + 'A'.repeat(43) } }), 'no-secret');
      assert.deepEqual(await c.data(), {});
    });

    test('csrfToken() puts a csrfSecret in the session; tokens differ per call and all pass', async () => {
      const c = client();
      const first = await c.token();
      const second = await c.token();
      assert.notEqual(first, second);
      assert.equal(typeof (await c.data()).csrfSecret, 'string');
      for (const token of [first, second]) {
        const answer = await c.send('POST', '/submit', { headers: { 'x-csrf-token': token } });
        assert.equal(answer.status, 200, answer.text);
      }
      assert.equal((await c.data()).posted, 'yes');
    });

    test("the _csrf form field passes, and the handler still reads the body", async () => {
      const c = client();
      const token = await c.token();
      const answer = await c.send('POST', '/submit', { form: { _csrf: token, note: 'from the form' } });
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json(), { ok: true, note: 'from the form' });
      assert.equal((await c.data()).posted, 'from the form');
    });

    test("csurf's other header names are read too", async () => {
      const c = client();
      for (const name of ['csrf-token', 'xsrf-token', 'x-xsrf-token']) {
        const answer = await c.send('POST', '/submit', { headers: { [name]: await c.token() } });
        assert.equal(answer.status, 200, `${name}: ${answer.text}`);
      }
    });

    test('no token, a garbage token or a token of another session: 403 ERR_SESSION_CSRF, nothing written', async () => {
      const victim = client();
      const attacker = client();
      await victim.token();
      const foreign = await attacker.token();
      refused(await victim.send('POST', '/submit'), 'missing-token');
      refused(await victim.send('POST', '/submit', { form: { note: 'no token' } }), 'missing-token');
      refused(await victim.send('POST', '/submit', { headers: { 'x-csrf-token': 'not-a-token' } }), 'invalid-token');
      refused(await victim.send('POST', '/submit', { headers: { 'x-csrf-token': foreign } }), 'invalid-token');
      refused(await victim.send('POST', '/submit', { form: { _csrf: foreign, note: 'forged' } }), 'invalid-token');
      assert.equal((await victim.data()).posted, undefined);
    });

    test('second layer: Sec-Fetch-Site cross-site or a foreign Origin fails even with a valid token; the own Origin passes', async () => {
      const c = client();
      const token = await c.token();
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': token, 'sec-fetch-site': 'cross-site' } }), 'cross-site');
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': token, 'sec-fetch-site': 'same-site' } }), 'cross-site');
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': token, origin: 'http://evil.test' } }), 'origin');
      assert.equal((await c.data()).posted, undefined);
      const own = await c.send('POST', '/submit', { headers: { 'x-csrf-token': token, origin: server.url, 'sec-fetch-site': 'same-origin' } });
      assert.equal(own.status, 200, own.text);
      const noFetchSite = await c.send('POST', '/submit', { headers: { 'x-csrf-token': token, origin: server.url } });
      assert.equal(noFetchSite.status, 200, noFetchSite.text);
    });

    test('regenerate() rotates the secret: tokens of the old session fail, new ones pass', async () => {
      const c = client();
      const old = await c.token();
      const secret = (await c.data()).csrfSecret;
      assert.equal((await c.send('POST', '/regenerate', { headers: { 'x-csrf-token': old } })).status, 200);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': old } }), 'no-secret');
      const fresh = await c.token();
      assert.notEqual((await c.data()).csrfSecret, secret);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': old } }), 'invalid-token');
      assert.equal((await c.send('POST', '/submit', { headers: { 'x-csrf-token': fresh } })).status, 200);
    });

    test(mode === 'stored' ? "login(user, { keep: ['csrfSecret', …] }) cannot keep the secret" : 'login (regenerate) rotates the secret', async () => {
      const c = client();
      const old = await c.token();
      const secret = (await c.data()).csrfSecret;
      assert.equal((await c.send('POST', '/login?user=u1', { headers: { 'x-csrf-token': old } })).status, 200);
      const after = await c.data();
      assert.equal(after.csrfSecret, undefined);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': old } }), 'no-secret');
      await c.token();
      assert.notEqual((await c.data()).csrfSecret, secret);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': old } }), 'invalid-token');
    });

    test('safe methods and exempted routes pass without a token', async () => {
      const c = client();
      assert.equal((await c.send('GET', '/read')).status, 200);
      assert.equal((await c.send('HEAD', '/read')).status, 200);
      const hook = await c.send('POST', '/hook', { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(hook.status, 200, hook.text);
    });
  });

  describe(`${mode === 'stored' ? 'session()' : 'cookieSession()'} with options`, () => {
    let server: CsrfServer;
    before(async () => {
      server = await harness.start(mode, { header: 'x-app-token', field: 'token', origins: ['https://app.example.com'], ignoreMethods: ['GET', 'HEAD'] });
    });
    after(() => server.close());

    test('a configured header and field replace the defaults; a listed origin passes; OPTIONS can be checked', async () => {
      const c = new CsrfClient(server.url);
      const token = await c.token();
      assert.equal((await c.send('POST', '/submit', { headers: { 'x-app-token': token } })).status, 200);
      assert.equal((await c.send('POST', '/submit', { form: { token, note: 'n' } })).status, 200);
      refused(await c.send('POST', '/submit', { headers: { 'x-csrf-token': token } }), 'missing-token');
      refused(await c.send('POST', '/submit', { form: { _csrf: token } }), 'missing-token');
      const listed = await c.send('POST', '/submit', { headers: { 'x-app-token': token, origin: 'https://app.example.com', 'sec-fetch-site': 'cross-site' } });
      assert.equal(listed.status, 200, listed.text);
      refused(await c.send('OPTIONS', '/submit'), 'missing-token');
    });
  });
}
