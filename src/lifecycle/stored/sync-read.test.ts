import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../stores/memory/store.js';
import type { SessionGetOptions, SessionRecord, SessionStore } from '../../types.js';
import { SyncReadGate } from './sync-read.js';

test('getSync is used when it comes with the get the store answers with', () => {
  const gate = new SyncReadGate();
  const store = new MemoryStore({ sweepInterval: 0 });
  assert.equal(gate.reader(store), MemoryStore.prototype.getSync);
  const literal = { ...({} as SessionStore), get: async () => null, getSync: () => null };
  assert.equal(gate.reader(literal as unknown as SessionStore), literal.getSync);
});

test('a store without getSync, or whose get was overridden alone, is read through get', () => {
  const gate = new SyncReadGate();
  assert.equal(gate.reader({ get: async () => null } as unknown as SessionStore), null);

  class Decorated extends MemoryStore {
    override async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
      return super.get(key, options);
    }
  }
  assert.equal(new SyncReadGate().reader(new Decorated({ sweepInterval: 0 })), null, 'a subclass that overrides get must see every read');

  const patched = new MemoryStore({ sweepInterval: 0 });
  const patchGate = new SyncReadGate();
  assert.ok(patchGate.reader(patched), 'before the patch');
  const original = patched.get.bind(patched);
  patched.get = (key, options) => original(key, options);
  assert.equal(patchGate.reader(patched), null, 'an instrumented get, patched after the first request, takes over');
});
