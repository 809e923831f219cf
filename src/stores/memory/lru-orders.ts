/**
 * The MemoryStore's two LRU orders: sessions without a user are evicted before any logged-in one,
 * so a flood of anonymous visits cannot log users out (audit finding 4a). A Map keeps insertion
 * order, so re-inserting on use makes each map's first key its least recently used.
 */
export class LruOrders<V extends { userId: string | null }> {
  private readonly anonymous = new Map<string, V>();
  private readonly bound = new Map<string, V>();
  // Eviction cursors, one per order. A fresh `keys()` iterator starts at the map's first slot and
  // steps over every slot deleted since the table was last compacted — evictions and bumps leave
  // one each — so asking a new one for the least recently used key cost O(max) at the bound
  // (~6 µs per create at 10,000 entries, ~60 µs at 100,000). A kept iterator resumes where it
  // stopped; every key before it has been evicted (inserts and bumps go to the end), so its next
  // key is still the least recently used.
  private evictAnonymous: Iterator<string> | undefined;
  private evictBound: Iterator<string> | undefined;

  get size(): number {
    return this.anonymous.size + this.bound.size;
  }

  get(key: string): V | undefined {
    return this.anonymous.get(key) ?? this.bound.get(key);
  }

  /** Makes `key` the most recently used of its order (by `entry.userId`), adding it if new. */
  use(key: string, entry: V): void {
    const order = this.orderOf(entry);
    order.delete(key);
    order.set(key, entry);
  }

  /** Removes `key` from the order `entry.userId` puts it in: call before changing `userId`. */
  delete(key: string, entry: V): void {
    this.orderOf(entry).delete(key);
  }

  /** The key to evict: the least recently used anonymous one, else the least recently used. The caller deletes it at once. */
  oldest(): string {
    const anonymous = this.anonymous.size > 0;
    let cursor = anonymous ? this.evictAnonymous : this.evictBound;
    let next = cursor?.next();
    if (next === undefined || next.done === true) {
      // A finished iterator stays finished, even for keys added after it ended.
      cursor = (anonymous ? this.anonymous : this.bound).keys();
      next = cursor.next();
    }
    if (anonymous) this.evictAnonymous = cursor;
    else this.evictBound = cursor;
    return next.value as string;
  }

  *keys(): Generator<string, undefined> {
    yield* this.anonymous.keys();
    yield* this.bound.keys();
  }

  clear(): void {
    this.anonymous.clear();
    this.bound.clear();
    this.evictAnonymous = undefined;
    this.evictBound = undefined;
  }

  private orderOf(entry: V): Map<string, V> {
    return entry.userId === null ? this.anonymous : this.bound;
  }
}
