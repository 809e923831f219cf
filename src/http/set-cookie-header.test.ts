import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { absorbWriteHeadCookies, mergeSessionCookies } from './set-cookie-header.js';
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

describe('absorbWriteHeadCookies (T37, CK-11)', () => {
  test('object form: string and array values in any case join the response list; other headers stay; the app object is not edited', () => {
    const res = target('sid=s1');
    const headers = { 'Set-Cookie': ['x=1', 'y=2'], 'set-cookie': 'z=3', 'Content-Type': 'text/plain' };
    const args: unknown[] = [200, headers];
    absorbWriteHeadCookies(res, args);
    assert.deepEqual(res.headers.get('set-cookie'), ['sid=s1', 'x=1', 'y=2', 'z=3']);
    assert.deepEqual(args, [200, { 'Content-Type': 'text/plain' }]);
    assert.deepEqual(Object.keys(headers), ['Set-Cookie', 'set-cookie', 'Content-Type'], 'copied, not edited');
  });

  test('flat raw array: every Set-Cookie pair moves, the other pairs keep their order; a status message is skipped over', () => {
    const res = target();
    const args: unknown[] = [201, 'Made', ['Set-Cookie', 'x=1', 'X-A', '1', 'SET-COOKIE', 'y=2', 'X-B', '2']];
    absorbWriteHeadCookies(res, args);
    assert.deepEqual(res.headers.get('set-cookie'), ['x=1', 'y=2']);
    assert.deepEqual(args, [201, 'Made', ['X-A', '1', 'X-B', '2']]);
  });

  test('nothing to move: no headers, no Set-Cookie, an odd raw array (Node rejects it) — arguments untouched', () => {
    for (const args of [[200], [200, 'OK'], [200, { 'X-A': '1' }], [200, ['X-A', '1']], [200, ['Set-Cookie']], [200, null]] as unknown[][]) {
      const res = target('sid=s1');
      const before = JSON.stringify(args);
      absorbWriteHeadCookies(res, args);
      assert.equal(JSON.stringify(args), before);
      assert.equal(res.headers.get('set-cookie'), 'sid=s1');
    }
  });
});
