import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionOptionsError } from '../errors.js';
import { resolveCsrfOptions } from './options.js';

test('defaults: csurf names, safe methods ignored, origin check on', () => {
  const settings = resolveCsrfOptions();
  assert.equal(settings.field, '_csrf');
  assert.deepEqual(settings.headers, ['x-csrf-token', 'csrf-token', 'xsrf-token', 'x-xsrf-token']);
  assert.deepEqual([...settings.ignoreMethods], ['GET', 'HEAD', 'OPTIONS']);
  assert.equal(settings.originCheck, true);
  assert.equal(settings.allowSameSite, false);
  assert.equal(settings.exempt({}, '/hook'), false);
});

test('options are applied: one header, methods upper-cased, exempt paths, origins normalised', () => {
  const settings = resolveCsrfOptions({ header: 'X-My-Token', ignoreMethods: ['get'], exempt: ['/hook'], origins: ['https://App.Example.com'] });
  assert.deepEqual(settings.headers, ['x-my-token']);
  assert.ok(settings.ignoreMethods.has('GET'));
  assert.equal(settings.exempt({}, '/hook'), true);
  assert.equal(settings.exempt({}, '/hook/x'), false);
  assert.deepEqual([...settings.origins], ['https://app.example.com']);
});

test('mistakes fail at construction with the fix in the message', () => {
  const cases: [unknown, RegExp][] = [
    [{ origins: ['https://app.example.com/'] }, /not an origin/],
    [{ origins: ['app.example.com'] }, /not a URL/],
    [{ origins: 'https://a.example' }, /must be an array/],
    [{ exempt: ['hook'] }, /start with '\/'/],
    [{ header: 'bad header' }, /not a header name/],
    [{ field: '' }, /non-empty/],
    [{ value: 'x' }, /must be a function/],
    [{ ignoreMethods: 'GET' }, /array of method names/],
    [{ allowSameSite: 'yes' }, /true or false/],
    [{ cookie: true }, /unknown option "cookie"/],
  ];
  for (const [options, message] of cases) {
    assert.throws(() => resolveCsrfOptions(options as never), (error: unknown) => error instanceof SessionOptionsError && message.test(error.message), JSON.stringify(options));
  }
});
