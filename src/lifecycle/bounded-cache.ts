/**
 * A least-recently-used map with a fixed bound: a `Map` keeps insertion order, so a hit moves
 * its entry to the back and the front is always the coldest. Bounded because its keys (tenant
 * names) come from requests: an unbounded cache would let a stream of names grow memory forever.
 */
export class BoundedCache<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Already the newest: no need to move it (the common case of one busy tenant).
    if (this.entries.size > 1) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
  }

  /** Removes `key` only while it still maps to `value` (a newer entry for it stays). */
  deleteIf(key: K, value: V): void {
    if (this.entries.get(key) === value) this.entries.delete(key);
  }
}
