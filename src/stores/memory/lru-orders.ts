import { LruList, type LruLinks } from '../../lru-list.js';

/** What the orders hold: an entry that knows its key and user and carries its own links. */
export interface Ordered<V> extends LruLinks<V> {
  readonly key: string;
  userId: string | null;
}

/**
 * The MemoryStore's entries by key, in two LRU orders: sessions without a user are evicted before
 * any logged-in one, so a flood of anonymous visits cannot log users out (audit finding 4a). The
 * map changes only when a session is added or removed; use relinks the entry in its order.
 */
export class LruOrders<V extends Ordered<V>> {
  private readonly entries = new Map<string, V>();
  private readonly anonymous = new LruList<V>();
  private readonly bound = new LruList<V>();

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Adds an entry under its key as the most recently used of its order. */
  add(entry: V): void {
    this.entries.set(entry.key, entry);
    this.orderOf(entry).push(entry);
  }

  /** Makes a held entry the most recently used of its order. */
  use(entry: V): void {
    this.orderOf(entry).use(entry);
  }

  /** Changes the entry's user; logging in or out moves it to the other order, as its most recent. */
  setUser(entry: V, userId: string | null): void {
    this.orderOf(entry).remove(entry);
    entry.userId = userId;
    this.orderOf(entry).push(entry);
  }

  delete(entry: V): void {
    this.entries.delete(entry.key);
    this.orderOf(entry).remove(entry);
  }

  /** The entry to evict: the least recently used anonymous one, else the least recently used. */
  oldest(): V | undefined {
    return this.anonymous.oldest ?? this.bound.oldest;
  }

  /** Every key, in the order the sessions were added. */
  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  clear(): void {
    this.entries.clear();
    this.anonymous.clear();
    this.bound.clear();
  }

  private orderOf(entry: V): LruList<V> {
    return entry.userId === null ? this.anonymous : this.bound;
  }
}
