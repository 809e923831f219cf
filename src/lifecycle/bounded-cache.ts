import { LruList } from '../lru-list.js';

interface Slot<K, V> {
  readonly key: K;
  value: V;
  older: Slot<K, V> | undefined;
  newer: Slot<K, V> | undefined;
}

/**
 * A least-recently-used map with a fixed bound; a hit relinks its slot as the newest (see
 * {@link LruList} for why not a `Map` re-insert) and the oldest goes when one more is added.
 * Bounded because its keys (tenant names) come from requests: an unbounded cache would let a
 * stream of names grow memory forever.
 */
export class BoundedCache<K, V> {
  private readonly slots = new Map<K, Slot<K, V>>();
  private readonly order = new LruList<Slot<K, V>>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.slots.size;
  }

  get(key: K): V | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    this.order.use(slot);
    return slot.value;
  }

  set(key: K, value: V): void {
    const held = this.slots.get(key);
    if (held !== undefined) {
      held.value = value;
      this.order.use(held);
      return;
    }
    const slot: Slot<K, V> = { key, value, older: undefined, newer: undefined };
    this.slots.set(key, slot);
    this.order.push(slot);
    if (this.slots.size > this.max) this.drop(this.order.oldest!);
  }

  /** Removes `key` only while it still maps to `value` (a newer entry for it stays). */
  deleteIf(key: K, value: V): void {
    const slot = this.slots.get(key);
    if (slot !== undefined && slot.value === value) this.drop(slot);
  }

  private drop(slot: Slot<K, V>): void {
    this.slots.delete(slot.key);
    this.order.remove(slot);
  }
}
