import { describe, test } from 'node:test';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { runStoreSuite } from '../../src/testing/index.js';

describe('MemoryStore conformance', () => {
  runStoreSuite(test, ({ now }) => new MemoryStore({ now }), { name: 'memory', expiredReadable: true, syncRead: true });
});
