import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { createKeySigner } from '../../src/compat/cookie-session/keys.js';
import { decodeSession, encodeSession } from '../../src/compat/cookie-session/session.js';
import { expressVersions, implementations, observe } from './support/side-by-side.js';

const require = createRequire(import.meta.url);
const Keygrip = require('keygrip') as new (keys: (string | Buffer)[]) => { sign(d: string): string; index(d: string, s: string): number };

// Frozen wire-format vectors: a change here breaks every existing cookie-session cookie.
const PAYLOAD = { message: 'hi' };
const VALUE = 'eyJtZXNzYWdlIjoiaGkifQ==';
const SIG = 'vdp2-kj-91tgzbWcV1QzofT3hu0';

describe('cookie-session wire format (frozen vectors)', () => {
  test('payload is standard, padded base64 of the JSON text', () => {
    assert.equal(encodeSession(PAYLOAD), VALUE);
    assert.deepEqual(decodeSession(VALUE), PAYLOAD);
  });

  test("KR-01: keys ['a','b'] sign session=<value> exactly as keygrip 1.1 does", () => {
    const data = `session=${VALUE}`;
    assert.equal(new Keygrip(['a', 'b']).sign(data), SIG);
    assert.equal(createKeySigner(['a', 'b']).sign(data), SIG);
  });

  test('KR-01: index() finds the verifying key like keygrip, -1 for none', () => {
    const data = `session=${VALUE}`;
    const oldSig = new Keygrip(['b']).sign(data);
    const ours = createKeySigner(['a', 'b']);
    const theirs = new Keygrip(['a', 'b']);
    for (const [sig, expected] of [[SIG, 0], [oldSig, 1], ['x', -1], ['', -1], [`${SIG}=`, -1]] as const) {
      assert.equal(ours.index(data, sig), expected);
      assert.equal(theirs.index(data, sig), expected);
    }
  });

  test('Buffer keys and non-ASCII data sign like keygrip', () => {
    const keys = [Buffer.from('0123456789abcdef0123456789abcdef', 'hex'), 'ünïcode'];
    for (const data of ['session=', 'x=ü€', `my.session=${VALUE}`]) {
      assert.equal(createKeySigner(keys).sign(data), new Keygrip(keys).sign(data));
    }
  });

  for (const [expressName, makeApp] of Object.entries(expressVersions)) {
    test(`the middleware writes exactly upstream's cookies for {"message":"hi"} (${expressName})`, async () => {
      const scenario = {
        options: () => ({ keys: ['a', 'b'] }),
        handler: (req: any, res: any) => { req.session.message = 'hi'; res.end(); },
      };
      const ours = await observe(makeApp, implementations.satchel, scenario);
      const theirs = await observe(makeApp, implementations.upstream, scenario);
      assert.deepEqual(ours.setCookie, [`session=${VALUE}; path=/; httponly`, `session.sig=${SIG}; path=/; httponly`]);
      assert.deepEqual(ours.setCookie, theirs.setCookie);
    });
  }
});
