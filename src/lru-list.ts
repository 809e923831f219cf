/** The links an item carries to sit in one {@link LruList}: no node object per item. */
export interface LruLinks<T> {
  older: T | undefined;
  newer: T | undefined;
}

/**
 * A recency order, oldest first, linked through its items. The obvious LRU over a `Map` — move a
 * used key to the back by deleting and setting it again — is slow for a busy key in a big map: V8
 * leaves each deleted slot in its hash bucket's chain until the table is rebuilt, the key lands in
 * the same bucket every time, and each set walks the dead slots piled up there. One session read
 * over and over among 10,000 held cost 30 µs (bench:micro); relinking costs the same at any size.
 * The map that finds items by key is the caller's and is left alone on use.
 */
export class LruList<T extends LruLinks<T>> {
  oldest: T | undefined = undefined;
  newest: T | undefined = undefined;

  /** Adds an item that is in no list as the newest. */
  push(item: T): void {
    item.older = this.newest;
    item.newer = undefined;
    if (this.newest === undefined) this.oldest = item;
    else this.newest.newer = item;
    this.newest = item;
  }

  /** Takes an item out of this list; one already out (no links, not the oldest) is left alone. */
  remove(item: T): void {
    if (item.older === undefined && this.oldest !== item) return;
    if (item.older === undefined) this.oldest = item.newer;
    else item.older.newer = item.newer;
    if (item.newer === undefined) this.newest = item.older;
    else item.newer.older = item.older;
    item.older = undefined;
    item.newer = undefined;
  }

  /** Makes an item of this list the newest (nothing to do for the busy item that already is). */
  use(item: T): void {
    if (this.newest === item) return;
    this.remove(item);
    this.push(item);
  }

  /** Empties the list; its items are meant to be dropped with it (their links are not reset). */
  clear(): void {
    this.oldest = undefined;
    this.newest = undefined;
  }
}
