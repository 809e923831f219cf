import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Cookie } from './cookie.js';

describe('express-session Cookie', () => {
  test('defaults: path /, httpOnly, maxAge and expires null, originalMaxAge null', () => {
    const cookie = new Cookie();
    assert.equal(cookie.path, '/');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.maxAge, null);
    assert.equal(cookie.expires, null);
    assert.equal(cookie.originalMaxAge, null);
    assert.equal(cookie.secure, undefined);
  });

  test('non-object options throw "argument options must be a object"', () => {
    for (const bad of [42, 'foo', true, () => {}]) assert.throws(() => new Cookie(bad as never), /argument options/);
  });

  test('maxAge sets expires from now and keeps originalMaxAge; bad types throw /maxAge/', () => {
    const before = Date.now();
    const cookie = new Cookie({ maxAge: 60_000 });
    assert.ok(cookie.expires instanceof Date);
    assert.ok(cookie.expires.valueOf() >= before + 60_000);
    assert.equal(cookie.originalMaxAge, 60_000);
    for (const bad of ['42', true, () => {}]) assert.throws(() => new Cookie({ maxAge: bad as never }), /maxAge/);
  });

  test('a "data" option is ignored: data is the computed attribute view', () => {
    const cookie = new Cookie({ data: { foo: 'bar' }, path: '/foo' } as never);
    assert.equal(cookie.data.path, '/foo');
    assert.equal((cookie.data as unknown as Record<string, unknown>).foo, undefined);
  });

  test('only attributes are enumerable or serialized: JSON is cookie.data', () => {
    const cookie = new Cookie({ maxAge: 1000, sameSite: 'lax' });
    const json = JSON.parse(JSON.stringify(cookie)) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), ['expires', 'httpOnly', 'originalMaxAge', 'path', 'sameSite']);
    assert.ok(!Object.keys(cookie).some((key) => key.includes('expires')));
  });

  test('serialize: Expires only (never Max-Age), encoded value, capitalised Priority, Partitioned', () => {
    const cookie = new Cookie({ expires: new Date(0), priority: 'high', partitioned: true, secure: true, sameSite: true });
    assert.equal(
      cookie.serialize('connect.sid', 's:a b'),
      'connect.sid=s%3Aa%20b; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict',
    );
  });

  test('an invalid expires throws express-session\'s exact message', () => {
    const cookie = new Cookie({ expires: new Date(NaN) });
    assert.throws(() => cookie.serialize('a', 'b'), { name: 'TypeError', message: 'option expires is invalid' });
  });

  test('options are read through the prototype chain', () => {
    const cookie = new Cookie(Object.create({ path: '/admin', httpOnly: false }) as never);
    assert.equal(cookie.path, '/admin');
    assert.equal(cookie.httpOnly, false);
  });
});
