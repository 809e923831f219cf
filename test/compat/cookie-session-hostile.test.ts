import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import fc from 'fast-check';
import { implementations, Keygrip, signedCookie } from './support/side-by-side.js';

// Runs one request through the middleware without a server: headers are finalised by
// writeHead, which is where the drop-in writes its cookies.
function run(factory: (o: unknown) => any, cookie: string, touch: (session: any) => void) {
  const req = new IncomingMessage(new Socket());
  req.headers.cookie = cookie;
  const res = new ServerResponse(req);
  let outcome = '';
  factory({ keys: ['a', 'b'] })(req, res, () => {
    const session = (req as any).session;
    outcome = `${session.isNew} ${JSON.stringify(session)}`;
    touch(session);
    res.writeHead(200);
  });
  return { outcome, setCookie: res.getHeader('set-cookie') };
}

describe('IN-04: hostile cookies never throw out of the cookie-session drop-in', () => {
  test('IN-04: arbitrary session / .sig values give a session, never an exception, same as upstream', () => {
    const cookieText = fc.string({ maxLength: 200 }).filter((s) => !/[\u0000-\u001f\u007f-\uffff]/.test(s));
    fc.assert(fc.property(cookieText, cookieText, (value, sig) => {
      const header = `session=${value}; session.sig=${sig}`;
      const ours = run(implementations.satchel, header, (s) => { s.x = 1; });
      const theirs = run(implementations.upstream, header, (s) => { s.x = 1; });
      assert.deepEqual(ours, theirs);
    }), { numRuns: 300 });
  });

  test('IN-04: validly signed but hostile JSON payloads load safely', () => {
    const payloads: unknown[] = [
      null, 0, 1, true, 'text', [1, 2], { __proto__: { polluted: 1 } },
      JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"ok":1}'),
      { hasOwnProperty: 1, toString: 'x', valueOf: 2, ok: 2 },
    ];
    for (const payload of payloads) {
      const header = signedCookie(payload, 'a');
      const ours = run(implementations.satchel, header, () => {});
      const theirs = run(implementations.upstream, header, () => {});
      assert.deepEqual(ours, theirs);
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    }
  });

  test('IN-04: a 10 KB cookie is read without throwing', () => {
    const big = Buffer.from(JSON.stringify({ blob: 'x'.repeat(10_000) })).toString('base64');
    const header = `session=${big}; session.sig=${new Keygrip(['a']).sign(`session=${big}`)}`;
    const { outcome } = run(implementations.satchel, header, () => {});
    assert.match(outcome, /^false \{"blob":"x{10000}"\}$/);
  });
});
