import assert from 'node:assert/strict';
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import { patchResponse } from './response-patch.js';
import type { ResponseHooks } from './response-patch.js';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// One request against a throwaway server; `onResponse` sees the reply before its body is read.
async function roundTrip(handler: (req: IncomingMessage, res: ServerResponse) => void, onResponse?: (res: IncomingMessage) => void): Promise<Reply> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<Reply>((resolve, reject) => {
      http
        .get({ port, host: '127.0.0.1', path: '/' }, (res) => {
          onResponse?.(res);
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
        })
        .on('error', reject);
    });
  } finally {
    server.close();
  }
}

// Like an Express app's `app.response`: a prototype of this response alone, between it and ServerResponse.
function ownPrototype(res: ServerResponse): object {
  const proto = Object.create(Object.getPrototypeOf(res) as object) as object;
  Object.setPrototypeOf(res, proto);
  return proto;
}

const own = (target: object, name: string) => Object.prototype.hasOwnProperty.call(target, name);

for (const mode of ['own properties', 'prototype'] as const) {
  const patched = (hooks: ResponseHooks) => (res: ServerResponse) => (mode === 'prototype' ? patchResponse(res, hooks, ownPrototype(res)) : patchResponse(res, hooks));

  describe(`patchResponse: writeHead (${mode})`, () => {
    test("T37 CK-11 'keep-cookies': Set-Cookie given to writeHead stays beside the cookie the headers hook adds", async () => {
      const reply = await roundTrip((_req, res) => {
        patched({
          writeHeadArgs: 'keep-cookies',
          headers: () => res.appendHeader('Set-Cookie', 'sid=1'),
        })(res);
        res.writeHead(200, { 'Set-Cookie': ['x=1', 'y=2'], 'X-App': 'a' });
        res.end('ok');
      });
      assert.deepEqual(reply.headers['set-cookie'], ['x=1', 'y=2', 'sid=1']);
      assert.equal(reply.headers['x-app'], 'a');
    });

    test("'apply': the hook sees writeHead's status, message and headers, once; a later writeHead passes through", async () => {
      const seen: unknown[] = [];
      let calls = 0;
      const reply = await roundTrip((_req, res) => {
        patched({
          writeHeadArgs: 'apply',
          headers: () => {
            calls++;
            seen.push(res.statusCode, res.statusMessage, res.getHeader('x-app'));
            res.setHeader('X-Hook', String(res.getHeader('x-app')));
          },
        })(res);
        res.writeHead(201, 'Made', [['X-App', 'a']]);
        res.end();
      });
      assert.deepEqual(seen, [201, 'Made', 'a']);
      assert.equal(calls, 1);
      assert.equal(reply.status, 201);
      assert.equal(reply.headers['x-hook'], 'a');
    });

    test('the headers hook runs for the implicit headers of a plain end', async () => {
      const reply = await roundTrip((_req, res) => {
        patched({ writeHeadArgs: 'keep-cookies', headers: () => res.setHeader('X-Hook', '1') })(res);
        res.end('body');
      });
      assert.equal(reply.headers['x-hook'], '1');
      assert.equal(reply.body, 'body');
    });
  });

  describe(`patchResponse: body hook (${mode})`, () => {
    test('a failing body hook swallows the call and hands the response to abandon, which writes through', async () => {
      const reply = await roundTrip((_req, res) => {
        patched({
          writeHeadArgs: 'keep-cookies',
          body: () => new Error('too large'),
          abandon: (error) => {
            res.statusCode = 500;
            res.end((error as Error).message);
          },
        })(res);
        res.setHeader('Content-Type', 'text/html');
        assert.equal(res.end('<p>handler body</p>'), res, 'a swallowed end chains');
      });
      assert.equal(reply.status, 500);
      assert.equal(reply.body, 'too large');
    });

    test('after abandon, the handler writing on into the finished error response is swallowed, not a crash (ERR_STREAM_WRITE_AFTER_END)', async () => {
      const errors: unknown[] = [];
      const reply = await roundTrip((_req, res) => {
        res.on('error', (error) => errors.push(error));
        patched({
          writeHeadArgs: 'keep-cookies',
          body: () => new Error('too large'),
          abandon: () => {
            res.statusCode = 500;
            res.end('error page');
          },
        })(res);
        assert.equal(res.write('chunk 1'), true, 'the first write is swallowed');
        assert.equal(res.write('chunk 2'), true, 'a later write after the error response finished is swallowed');
        assert.equal(res.end('last'), res);
      });
      assert.equal(reply.status, 500);
      assert.equal(reply.body, 'error page');
      await new Promise((resolve) => setImmediate(resolve));
      assert.deepEqual(errors, []);
    });

    test('a swallowed write reports no backpressure', async () => {
      const reply = await roundTrip((_req, res) => {
        patched({ writeHeadArgs: 'keep-cookies', body: () => new Error('x'), abandon: () => setImmediate(() => res.end('error page')) })(res);
        assert.equal(res.write('handler body'), true);
      });
      assert.equal(reply.body, 'error page');
    });

    test('a body hook runs once, and not at all once the headers went out', async () => {
      let calls = 0;
      await roundTrip((_req, res) => {
        patched({ writeHeadArgs: 'keep-cookies', body: () => void calls++ })(res);
        res.write('a');
        res.write('b');
        res.end('c');
      });
      assert.equal(calls, 1);
      calls = 0;
      await roundTrip((_req, res) => {
        patched({ writeHeadArgs: 'keep-cookies', body: () => void calls++ })(res);
        res.writeHead(200);
        res.end('c');
      });
      assert.equal(calls, 0);
    });
  });

  describe(`patchResponse: end hold (${mode})`, () => {
    test("'response': nothing goes out before release, so headers can still change; a second end follows the first", async () => {
      const order: string[] = [];
      const reply = await roundTrip((_req, res) => {
        patched({
          writeHeadArgs: 'keep-cookies',
          end: {
            hold: 'response',
            repeat: 'after-first',
            start: (release) =>
              new Promise<void>((resolve) => setTimeout(resolve, 20)).then(() => {
                assert.equal(res.headersSent, false);
                res.setHeader('X-Saved', '1');
                order.push('release');
                release();
              }),
          },
        })(res);
        res.end('first', () => order.push('first end callback'));
        res.end();
      });
      assert.equal(reply.headers['x-saved'], '1');
      assert.equal(reply.body, 'first');
      assert.deepEqual(order, ['release', 'first end callback']);
    });

    test("'tail': headers and all but the last byte go out before release; a second end is refused", async () => {
      let release: (() => void) | undefined;
      let second: unknown;
      let ended = false;
      const reply = await roundTrip(
        (_req, res) => {
          patched({ writeHeadArgs: 'apply', end: { hold: 'tail', repeat: 'refused', start: (r) => void (release = r) } })(res);
          res.setHeader('Content-Length', '5');
          res.end('hello', () => (ended = true));
          second = res.end('again');
        },
        (res) => {
          assert.equal(res.headers['content-length'], '5', 'the headers arrived while the store write runs');
          res.once('data', () => setImmediate(() => release!()));
        },
      );
      assert.equal(second, false);
      assert.equal(reply.body, 'hello');
      assert.equal(ended, true, 'the callback of end(chunk, cb) reaches the real end');
    });

    test("'tail': a hook that releases at once ends the response as it was called", async () => {
      const reply = await roundTrip((_req, res) => {
        patched({ writeHeadArgs: 'apply', end: { hold: 'tail', repeat: 'refused', start: (release) => release() } })(res);
        assert.equal(res.end('now'), res);
      });
      assert.equal(reply.body, 'now');
    });
  });
}

describe('patchResponse: restore', () => {
  test('own properties: restore puts the original methods back', async () => {
    await roundTrip((_req, res) => {
      const patch = patchResponse(res, { writeHeadArgs: 'apply', headers: () => {}, end: { hold: 'response', repeat: 'after-first', start: (r) => r() } });
      assert.notEqual(res.end, http.ServerResponse.prototype.end);
      patch.restore();
      assert.equal(res.end, http.ServerResponse.prototype.end);
      assert.equal(res.writeHead, http.ServerResponse.prototype.writeHead);
      res.end();
    });
  });

  test('prototype: no own property, ever; the prototype dispatches to the patch, and after restore (or for an unpatched response of the same prototype) straight to the originals', async () => {
    let proto: object | undefined;
    let hooked = 0;
    await roundTrip((_req, res) => {
      proto = ownPrototype(res);
      const patch = patchResponse(res, { writeHeadArgs: 'apply', headers: () => void hooked++, end: { hold: 'response', repeat: 'after-first', start: (r) => r() } }, proto);
      assert.ok(!own(res, 'writeHead') && !own(res, 'write') && !own(res, 'end'));
      assert.notEqual(res.end, http.ServerResponse.prototype.end);
      patch.restore();
      res.setHeader('X-After', '1');
      res.end('plain');
      assert.ok(!own(res, 'writeHead') && !own(res, 'end'));
    });
    assert.equal(hooked, 0, 'restored before the headers: the hook never ran');
    // A second response on the same prototype, never patched: passes through.
    const reply = await roundTrip((_req, res) => {
      Object.setPrototypeOf(res, proto!);
      patchResponse(res, { writeHeadArgs: 'keep-cookies', headers: () => void hooked++ }, proto);
      res.end('first');
    });
    assert.equal(reply.body, 'first');
    assert.equal(hooked, 1);
    const untouched = await roundTrip((_req, res) => {
      Object.setPrototypeOf(res, proto!);
      res.end('untouched');
    });
    assert.equal(untouched.body, 'untouched');
    assert.equal(hooked, 1, 'a response nobody patched runs no hook');
  });

  test("prototype: a finished response is forgotten (its patch no longer answers for it), so no entry outlives the request", async () => {
    let headersRan = 0;
    let endsHeld = 0;
    await roundTrip((_req, res) => {
      const proto = ownPrototype(res);
      // 'refused': while the patch answers for the response, a second end returns false.
      patchResponse(res, { writeHeadArgs: 'apply', headers: () => void headersRan++, end: { hold: 'response', repeat: 'refused', start: (release) => void (endsHeld++, release()) } }, proto);
      assert.equal(res.end('done'), res);
      assert.equal(res.end(), false, 'before finish the patch refuses a second end');
      res.once('finish', () => {
        // Listeners run in order: satchel's (added at patch time) has run by now.
        assert.equal(res.end(), res, 'after finish the original end answers');
      });
    });
    assert.equal(headersRan, 1);
    assert.equal(endsHeld, 1);
  });

  test('own properties: two patches on one response both run, outer first, and each restores its own methods; every response gets the same wrapper functions', async () => {
    const order: string[] = [];
    const endHold = (name: string) => ({ hold: 'response' as const, repeat: 'after-first' as const, start: (release: () => void) => void (order.push(`end ${name}`), release()) });
    let firstWrapper: unknown;
    const reply = await roundTrip((_req, res) => {
      const inner = patchResponse(res, { writeHeadArgs: 'keep-cookies', headers: () => void order.push('headers inner'), end: endHold('inner') });
      firstWrapper = res.end;
      const outer = patchResponse(res, { writeHeadArgs: 'keep-cookies', headers: () => void order.push('headers outer'), end: endHold('outer') });
      assert.notEqual(res.end, firstWrapper, 'the second patch wraps the first');
      res.end('both');
      outer.restore();
      assert.equal(res.end, firstWrapper);
      inner.restore();
      assert.equal(res.end, http.ServerResponse.prototype.end);
    });
    assert.equal(reply.body, 'both');
    assert.deepEqual(order, ['end outer', 'end inner', 'headers outer', 'headers inner']);
    // A later response's first patch installs the very same function: no closure per request.
    await roundTrip((_req, res) => {
      patchResponse(res, { writeHeadArgs: 'keep-cookies', end: endHold('later') });
      assert.equal(res.end, firstWrapper);
      res.end();
    });
  });
});
