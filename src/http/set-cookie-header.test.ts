import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSessionCookies } from './set-cookie-header.js';
import type { HeaderTarget } from './set-cookie-header.js';

// A real header map with node:http's lower-casing, without a socket.
function target(initial?: string | string[]): HeaderTarget & { headers: Map<string, unknown> } {
  const headers = new Map<string, unknown>();
  if (initial !== undefined) headers.set('set-cookie', initial);
  return {
    headers,
    getHeader: (name) => headers.get(name.toLowerCase()) as string | string[] | undefined,
    setHeader: (name, value) => headers.set(name.toLowerCase(), value),
  };
}

describe('mergeSessionCookies (CK-10, CK-11): the one merge rule of session() and cookieSession()', () => {
  test('a session cookie replaces an earlier one of the same name; other cookies stay, in order', () => {
    const res = target(['sid=old; Path=/', 'x=1', 'sid.1=old']);
    mergeSessionCookies(res, ['sid=new; Path=/'], true);
    assert.deepEqual(res.headers.get('set-cookie'), ['x=1', 'sid.1=old', 'sid=new; Path=/']);
    mergeSessionCookies(res, ['sid.1=new', 'y=2'], true);
    assert.deepEqual(res.headers.get('set-cookie'), ['x=1', 'sid=new; Path=/', 'sid.1=new', 'y=2']);
  });

  test('Cache-Control: no-store is added, an app value that is not private enough is replaced, no-store or private is kept', () => {
    for (const [before, after] of [
      [undefined, 'no-store'],
      ['public, max-age=3600', 'no-store'],
      ['no-cache', 'no-store'],
      ['private, max-age=60', 'private, max-age=60'],
      ['No-Store', 'No-Store'],
    ] as const) {
      const res = target();
      if (before !== undefined) res.setHeader('Cache-Control', before);
      mergeSessionCookies(res, ['sid=v'], true);
      assert.equal(res.headers.get('cache-control'), after, String(before));
    }
  });

  test('opted out of Cache-Control, or nothing to set: the headers are left alone', () => {
    const res = target('x=1');
    res.setHeader('Cache-Control', 'public');
    mergeSessionCookies(res, ['sid=v'], false);
    assert.equal(res.headers.get('cache-control'), 'public');
    const untouched = target('x=1');
    mergeSessionCookies(untouched, [], true);
    assert.equal(untouched.headers.get('set-cookie'), 'x=1');
    assert.equal(untouched.headers.get('cache-control'), undefined);
  });
});
