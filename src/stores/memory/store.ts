import { SessionOptionsError, SessionStoreError } from '../../errors.js';
import type { JsonObject, SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../../types.js';
import { applyDataPatch, parseData } from '../kit/json-data.js';
import { Entry, compactKey, dataOf, expandKey, interner, toRecord } from './entry.js';
import { LruOrders } from './lru-orders.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most sessions kept; creating one more evicts the least recently used (STO-05), taking
   * sessions without a user before any logged-in one.
   * @default 10000
   */
  max?: number;
  /**
   * Milliseconds between background sweeps of expired sessions; `0` disables the timer
   * (`prune()` still works). Each sweep inspects at most `sweepBatch` entries.
   * @default 60000
   */
  sweepInterval?: number;
  /** @default 1000 */
  sweepBatch?: number;
  /** Clock for expiry checks. @default Date.now */
  now?: () => number;
}

/** Defaults of {@link MemoryStoreOptions}. */
export const MEMORY_STORE_DEFAULTS = Object.freeze({ max: 10_000, sweepInterval: 60_000, sweepBatch: 1000 });

function positiveInteger(name: string, value: number, allowZero = false): number {
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new SessionOptionsError(`MemoryStore: ${name} must be ${allowZero ? 'a non-negative' : 'a positive'} integer, got ${String(value)}`);
  }
  return value;
}

/**
 * The in-process store and the reference implementation of the store contract. Bounded (LRU),
 * swept by an unref'd timer, and copy-safe: records are kept as JSON, so nothing a caller holds
 * aliases what is stored. Sessions live in one process and vanish on restart: use a shared store
 * (SQLite, Redis, PostgreSQL) when you run more than one process.
 *
 * @example
 * import { session, MemoryStore } from 'satchel';
 * app.use(session({ secret, store: new MemoryStore({ max: 50_000 }) }));
 */
export class MemoryStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'memory';
  }

  private readonly orders = new LruOrders<Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly max: number;
  private readonly sweepBatch: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private cursor: Iterator<string> | undefined;
  private readonly internCookie = interner();
  private readonly internAgent = interner();

  constructor(options: MemoryStoreOptions = {}) {
    this.max = positiveInteger('max', options.max ?? MEMORY_STORE_DEFAULTS.max);
    this.sweepBatch = positiveInteger('sweepBatch', options.sweepBatch ?? MEMORY_STORE_DEFAULTS.sweepBatch);
    const interval = positiveInteger('sweepInterval', options.sweepInterval ?? MEMORY_STORE_DEFAULTS.sweepInterval, true);
    this.now = options.now ?? Date.now;
    if (interval > 0) {
      this.timer = setInterval(() => this.sweep(), interval);
      this.timer.unref();
    }
  }

  async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    return this.getSync(key, options);
  }

  getSync(key: string, options?: SessionGetOptions): SessionRecord | null {
    return guard('get', () => {
      // includeExpired: an expired entry is still held until the sweep or a plain read removes it
      // (destroy removes it at once), so it can be reported as timed out rather than unknown.
      const stored = compactKey(key);
      const entry = options?.includeExpired ? this.find(stored) : this.live(stored);
      if (!entry) return null;
      this.orders.use(entry);
      return toRecord(entry);
    });
  }

  async create(key: string, record: SessionRecord): Promise<boolean> {
    return this.createSync(key, record);
  }

  createSync(key: string, record: SessionRecord): boolean {
    return guard('create', () => {
      const stored = compactKey(key);
      if (this.live(stored)) return false;
      const [json, cookie] = this.split(record.data);
      const userAgent = record.userAgent === null ? null : this.internAgent(record.userAgent);
      const entry = new Entry(stored, json, cookie, record.expiresAt, record.createdAt, record.lastSeenAt, record.userId, userAgent);
      while (this.size >= this.max) this.drop(this.orders.oldest()!);
      this.orders.add(entry);
      this.index(stored, entry.userId);
      return true;
    });
  }

  async update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.updateSync(key, patch);
  }

  updateSync(key: string, patch: SessionPatch): boolean {
    return guard('update', () => {
      const stored = compactKey(key);
      const entry = this.live(stored);
      if (!entry) return false;
      // Serialize before mutating so a failing value (a cycle, a BigInt) leaves the record as it was.
      const [json, cookie] = this.patched(entry, patch);
      entry.json = json;
      entry.cookie = cookie;
      entry.expiresAt = patch.expiresAt;
      entry.lastSeenAt = patch.lastSeenAt;
      if (patch.userId !== undefined && patch.userId !== entry.userId) {
        this.unindex(stored, entry.userId);
        this.orders.setUser(entry, patch.userId);
        this.index(stored, entry.userId);
      }
      this.orders.use(entry);
      return true;
    });
  }

  async destroy(key: string): Promise<void> {
    this.remove(compactKey(key));
  }

  async touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    this.touchSync(key, expiresAt, lastSeenAt);
  }

  touchSync(key: string, expiresAt: number, lastSeenAt: number): void {
    const stored = compactKey(key);
    const entry = this.live(stored);
    if (!entry) return;
    entry.expiresAt = expiresAt;
    entry.lastSeenAt = lastSeenAt;
    this.orders.use(entry);
  }

  async listByUser(userId: string): Promise<SessionInfo[]> {
    const out: SessionInfo[] = [];
    for (const key of [...(this.byUser.get(userId) ?? [])]) {
      const entry = this.live(key);
      if (entry) out.push({ key: expandKey(key), createdAt: entry.createdAt, lastSeenAt: entry.lastSeenAt, expiresAt: entry.expiresAt, userAgent: entry.userAgent });
    }
    return out;
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    let count = 0;
    const except = options.exceptKey === undefined ? undefined : compactKey(options.exceptKey);
    for (const key of [...(this.byUser.get(userId) ?? [])]) {
      if (key === except) continue;
      if (this.live(key)) count++;
      this.remove(key);
    }
    return count;
  }

  async all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return guard('all', () => this.liveKeys().map((key) => ({ key: expandKey(key), record: toRecord(this.find(key)!) })));
  }

  async ids(): Promise<string[]> {
    return this.liveKeys().map(expandKey);
  }

  async length(): Promise<number> {
    return this.liveKeys().length;
  }

  async clear(): Promise<void> {
    this.orders.clear();
    this.byUser.clear();
    this.cursor = undefined;
  }

  async prune(): Promise<number> {
    const before = this.size;
    for (const key of [...this.orders.keys()]) this.live(key);
    return before - this.size;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** How many entries are held, expired ones included (for memory diagnostics). */
  get size(): number {
    return this.orders.size;
  }

  /**
   * The entry's two texts after `patch`. A patch that leaves `cookie` alone (every save that did
   * not change the cookie settings) keeps the interned cookie text and parses and re-serializes
   * only the rest; key order is the same as the general path's (rest keys, then new ones).
   */
  private patched(entry: Entry, patch: SessionPatch): [string, string | null] {
    if (entry.json.startsWith('{') && !Object.hasOwn(patch.set, 'cookie') && !patch.unset.includes('cookie')) {
      return [JSON.stringify(applyDataPatch(parseData(entry.json), patch)), entry.cookie];
    }
    return this.split(applyDataPatch(dataOf(entry), patch));
  }

  /** The stored JSON of data without `cookie`, and the interned JSON of `cookie`. */
  private split(data: JsonObject): [string, string | null] {
    if (!Object.hasOwn(data, 'cookie')) return [JSON.stringify(data), null];
    const { cookie, ...rest } = data;
    const cookieJson = JSON.stringify(cookie);
    return [JSON.stringify(rest), cookieJson === undefined ? null : this.internCookie(cookieJson)];
  }

  /** The entry if live (by stored key); an expired one is removed on sight. */
  private live(key: string): Entry | undefined {
    const entry = this.find(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.remove(key);
    return undefined;
  }

  private liveKeys(): string[] {
    return [...this.orders.keys()].filter((key) => this.live(key) !== undefined);
  }

  private find(key: string): Entry | undefined {
    return this.orders.get(key);
  }

  private remove(key: string): void {
    const entry = this.find(key);
    if (entry !== undefined) this.drop(entry);
  }

  private drop(entry: Entry): void {
    this.orders.delete(entry);
    this.unindex(entry.key, entry.userId);
  }

  private index(key: string, userId: string | null): void {
    if (userId === null) return;
    let keys = this.byUser.get(userId);
    if (!keys) this.byUser.set(userId, (keys = new Set()));
    keys.add(key);
  }

  private unindex(key: string, userId: string | null): void {
    if (userId === null) return;
    const keys = this.byUser.get(userId);
    keys?.delete(key);
    if (keys?.size === 0) this.byUser.delete(userId);
  }

  // Resumes where the last sweep stopped, so each tick costs at most `sweepBatch` checks.
  private sweep(): void {
    this.cursor ??= this.orders.keys();
    for (let i = 0; i < this.sweepBatch; i++) {
      const next = this.cursor.next();
      if (next.done) {
        this.cursor = undefined;
        return;
      }
      this.live(next.value);
    }
  }
}

function guard<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SessionStoreError(operation, `memory store ${operation} failed: ${detail}`, { cause: error });
  }
}
