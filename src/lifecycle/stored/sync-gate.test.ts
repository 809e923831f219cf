import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryStore } from '../../stores/memory/store.js';
import type { SessionGetOptions, SessionRecord, SessionStore } from '../../types.js';
import { SyncGate } from './sync-gate.js';

test('getSync is used when it comes with the get the store answers with', () => {
  const gate = new SyncGate('get');
  const store = new MemoryStore({ sweepInterval: 0 });
  assert.equal(gate.of(store), MemoryStore.prototype.getSync);
  const literal = { ...({} as SessionStore), get: async () => null, getSync: () => null };
  assert.equal(gate.of(literal as unknown as SessionStore), literal.getSync);
});

test('a store without getSync, or whose get was overridden alone, is read through get', () => {
  const gate = new SyncGate('get');
  assert.equal(gate.of({ get: async () => null } as unknown as SessionStore), null);

  class Decorated extends MemoryStore {
    override async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
      return super.get(key, options);
    }
  }
  assert.equal(new SyncGate('get').of(new Decorated({ sweepInterval: 0 })), null, 'a subclass that overrides get must see every read');

  const patched = new MemoryStore({ sweepInterval: 0 });
  const patchGate = new SyncGate('get');
  assert.ok(patchGate.of(patched), 'before the patch');
  const original = patched.get.bind(patched);
  patched.get = (key, options) => original(key, options);
  assert.equal(patchGate.of(patched), null, 'an instrumented get, patched after the first request, takes over');
});

test('the write twins follow the same rule: createSync/updateSync/touchSync only with their own create/update/touch', () => {
  const store = new MemoryStore({ sweepInterval: 0 });
  assert.equal(new SyncGate('create').of(store), MemoryStore.prototype.createSync);
  assert.equal(new SyncGate('update').of(store), MemoryStore.prototype.updateSync);
  assert.equal(new SyncGate('touch').of(store), MemoryStore.prototype.touchSync);

  class FailingUpdates extends MemoryStore {
    override async update(): Promise<boolean> {
      throw new Error('down');
    }
  }
  const failing = new FailingUpdates({ sweepInterval: 0 });
  assert.equal(new SyncGate('update').of(failing), null, 'an overridden update must see every write');
  assert.equal(new SyncGate('create').of(failing), MemoryStore.prototype.createSync, 'the other methods keep their twins');

  const patched = new MemoryStore({ sweepInterval: 0 });
  const gate = new SyncGate('touch');
  assert.ok(gate.of(patched));
  patched.touch = async () => {};
  assert.equal(gate.of(patched), null, 'a touch patched on the instance takes over');
});
