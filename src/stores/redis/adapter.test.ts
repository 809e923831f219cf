import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createAdapter } from './adapter.js';
import { META } from './scripts.js';

test('clients are recognised by shape; anything else is a SessionOptionsError', () => {
  assert.equal(createAdapter({ sendCommand: async () => null }, 1000).kind, 'node-redis');
  assert.equal(createAdapter({ sendCommand: async () => null, nodeClient: () => ({}), masters: [] }, 1000).kind, 'node-redis-cluster');
  assert.equal(createAdapter({ call: async () => null, isCluster: false }, 1000).kind, 'ioredis');
  assert.equal(createAdapter({ call: async () => null, isCluster: true, nodes: () => [] }, 1000).kind, 'ioredis-cluster');
  for (const bad of [null, undefined, 'redis://x', {}, { get: () => null }]) {
    assert.throws(() => createAdapter(bad, 1000), { code: 'ERR_SESSION_OPTIONS' });
  }
});

// A scripted fake client (a mock, named as such): NOSCRIPT cannot be provoked per call on a shared server.
test('mock client: NOSCRIPT falls back to EVAL with the script source; other errors propagate', async () => {
  const sent: string[][] = [];
  let fail: Error | null = new Error('NOSCRIPT No matching script');
  const adapter = createAdapter(
    {
      sendCommand: async (args: ReadonlyArray<string>) => {
        sent.push([...args]);
        if (args[0] === 'EVALSHA' && fail) throw fail;
        return ['e', '1'];
      },
    },
    1000,
  );
  assert.deepEqual(await adapter.script(META, 'k', []), ['e', '1']);
  assert.deepEqual(sent.map((a) => a[0]), ['EVALSHA', 'EVAL']);
  assert.equal(sent[1]![1], META.source);
  fail = new Error('ERR something else');
  await assert.rejects(adapter.script(META, 'k', []), /ERR something else/);
});

test('mock client: scan follows cursors, deduplicates and strips the ioredis keyPrefix', async () => {
  const pages: Record<string, [string, string[]]> = { '0': ['7', ['kp:a', 'kp:b']], '7': ['0', ['kp:b', 'kp:c']] };
  const patterns: string[] = [];
  const adapter = createAdapter(
    {
      isCluster: false,
      options: { keyPrefix: 'kp:' },
      call: async (_command: string, cursor: string, _match: string, pattern: string) => (patterns.push(pattern), pages[cursor]),
    },
    1000,
  );
  assert.deepEqual(await adapter.scan('s:*', 10), ['a', 'b', 'c']);
  assert.deepEqual(patterns, ['kp:s:*', 'kp:s:*']);
});
