import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DataCapture, diffData, matchesSnapshot, snapshotOf } from './state.js';
import type { JsonObject } from '../../types.js';

// What a request may do to the data it loaded; each returns the data the commit sees.
const EDITS: Array<[string, (data: Record<string, unknown>) => void]> = [
  ['nothing', () => {}],
  ['cookie only', (d) => void (d.cookie = { originalMaxAge: 1 })],
  ['nested push', (d) => void (d.list as unknown[]).push(4)],
  ['nested set', (d) => void ((d.user as Record<string, unknown>).name = 'b')],
  ['same value again', (d) => void (d.n = 1)],
  ['number changed', (d) => void (d.n = 2)],
  ['key deleted', (d) => void delete d.n],
  ['key added', (d) => void (d.extra = 'x')],
  ['undefined added', (d) => void (d.extra = undefined)],
  ['key set to undefined', (d) => void (d.n = undefined)],
  ['function added', (d) => void (d.fn = () => 1)],
  ['keys reordered', (d) => {
    const n = d.n;
    delete d.n;
    d.n = n;
  }],
  ['null to {}', (d) => void (d.nothing = {})],
  ['__proto__ data key', (d) => Object.defineProperty(d, '__proto__', { value: 1, enumerable: true, writable: true, configurable: true })],
];

const loaded = (): JsonObject => JSON.parse('{"cookie":{"originalMaxAge":null},"n":1,"list":[1,2,3],"user":{"name":"a"},"nothing":null}') as JsonObject;

test('matchesSnapshot agrees with the capture and diff it short-cuts: true exactly when nothing but cookie changed', () => {
  for (const [name, edit] of EDITS) {
    const data = loaded();
    const snapshot = snapshotOf(data);
    edit(data);
    const diff = diffData(snapshot, new DataCapture(data));
    const unchanged = Object.keys(diff.set).length === 0 && diff.unset.length === 0;
    assert.equal(matchesSnapshot(snapshot, data), unchanged, name);
  }
  // An empty snapshot (a new session) matches data with nothing but a cookie, or only unstorable-by-omission values.
  assert.equal(matchesSnapshot(new Map(), { cookie: {} }), true);
  assert.equal(matchesSnapshot(new Map(), { cookie: {}, skipped: undefined }), true);
  assert.equal(matchesSnapshot(new Map(), { n: 1 }), false);
});

test('matchesSnapshot refuses what the capture refuses: a Map in the data is a SessionValueError, not a silent match', () => {
  const data = loaded();
  const snapshot = snapshotOf(data);
  data.user = new Map([['a', 1]]) as unknown as JsonObject;
  assert.throws(() => matchesSnapshot(snapshot, data), { code: 'ERR_SESSION_VALUE' });
  assert.throws(() => new DataCapture(data), { code: 'ERR_SESSION_VALUE' });
});
