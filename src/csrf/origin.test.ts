import assert from 'node:assert/strict';
import { test } from 'node:test';
import { originRefusal, type OriginFacts } from './origin.js';

const own = 'http://localhost:3000';
const rules = { origins: new Set<string>(), allowSameSite: false };
const verdict = (facts: Partial<OriginFacts>, r = rules) => originRefusal({ fetchSite: undefined, origin: undefined, own, ...facts }, r);

test('Sec-Fetch-Site: cross-site is refused, same-origin and none pass', () => {
  assert.equal(verdict({ fetchSite: 'cross-site' }), 'cross-site');
  assert.equal(verdict({ fetchSite: 'Cross-Site' }), 'cross-site');
  assert.equal(verdict({ fetchSite: 'same-origin', origin: own }), null);
  assert.equal(verdict({ fetchSite: 'none' }), null);
});

test('same-site is refused unless allowSameSite', () => {
  assert.equal(verdict({ fetchSite: 'same-site', origin: 'http://localhost:4000' }), 'cross-site');
  assert.equal(verdict({ fetchSite: 'same-site', origin: 'http://localhost:4000' }, { ...rules, allowSameSite: true }), null);
});

test('an Origin other than the own one is refused; none at all passes to the token check', () => {
  assert.equal(verdict({ origin: 'http://evil.test' }), 'origin');
  assert.equal(verdict({ origin: 'null' }), 'origin');
  assert.equal(verdict({ origin: 'HTTP://LOCALHOST:3000' }), null);
  assert.equal(verdict({}), null);
  assert.equal(verdict({ origin: own, own: undefined }), 'origin');
});

test('origins lists trusted other origins, whatever Sec-Fetch-Site says of them', () => {
  const listed = { ...rules, origins: new Set(['https://app.example.com']) };
  assert.equal(verdict({ origin: 'https://app.example.com', fetchSite: 'cross-site' }, listed), null);
  assert.equal(verdict({ origin: 'https://other.example.com', fetchSite: 'cross-site' }, listed), 'cross-site');
});
