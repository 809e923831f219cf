import { SessionOptionsError, SessionStoreError } from '../errors.js';
import type { SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../types.js';
import { applyDataPatch, parseData } from './json-data.js';

/** Options of {@link MemoryStore}. */
export interface MemoryStoreOptions {
  /**
   * Most sessions kept; creating one more evicts the least recently used (STO-05).
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

// One string and a few numbers per session: no object graph to retain, and copies are free.
class Entry {
  constructor(
    public json: string,
    public expiresAt: number,
    public createdAt: number,
    public lastSeenAt: number,
    public userId: string | null,
    public userAgent: string | null,
  ) {}
}

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
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly max: number;
  private readonly sweepBatch: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private cursor: Iterator<string> | undefined;

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

  async get(key: string): Promise<SessionRecord | null> {
    return guard('get', () => {
      const entry = this.live(key);
      if (!entry) return null;
      this.bump(key, entry);
      return toRecord(entry);
    });
  }

  async create(key: string, record: SessionRecord): Promise<boolean> {
    return guard('create', () => {
      if (this.live(key)) return false;
      const entry = new Entry(JSON.stringify(record.data), record.expiresAt, record.createdAt, record.lastSeenAt, record.userId, record.userAgent);
      while (this.entries.size >= this.max) this.remove(this.entries.keys().next().value as string);
      this.entries.set(key, entry);
      this.index(key, entry.userId);
      return true;
    });
  }

  async update(key: string, patch: SessionPatch): Promise<boolean> {
    return guard('update', () => {
      const entry = this.live(key);
      if (!entry) return false;
      // Serialize before mutating so a failing value (a cycle, a BigInt) leaves the record as it was.
      const json = JSON.stringify(applyDataPatch(parseData(entry.json), patch));
      entry.json = json;
      entry.expiresAt = patch.expiresAt;
      entry.lastSeenAt = patch.lastSeenAt;
      if (patch.userId !== undefined && patch.userId !== entry.userId) {
        this.unindex(key, entry.userId);
        entry.userId = patch.userId;
        this.index(key, entry.userId);
      }
      this.bump(key, entry);
      return true;
    });
  }

  async destroy(key: string): Promise<void> {
    this.remove(key);
  }

  async touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    const entry = this.live(key);
    if (!entry) return;
    entry.expiresAt = expiresAt;
    entry.lastSeenAt = lastSeenAt;
    this.bump(key, entry);
  }

  async listByUser(userId: string): Promise<SessionInfo[]> {
    const out: SessionInfo[] = [];
    for (const key of [...(this.byUser.get(userId) ?? [])]) {
      const entry = this.live(key);
      if (entry) out.push({ key, createdAt: entry.createdAt, lastSeenAt: entry.lastSeenAt, expiresAt: entry.expiresAt, userAgent: entry.userAgent });
    }
    return out;
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    let count = 0;
    for (const key of [...(this.byUser.get(userId) ?? [])]) {
      if (key === options.exceptKey) continue;
      if (this.live(key)) count++;
      this.remove(key);
    }
    return count;
  }

  async all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return guard('all', () => this.liveKeys().map((key) => ({ key, record: toRecord(this.entries.get(key)!) })));
  }

  async ids(): Promise<string[]> {
    return this.liveKeys();
  }

  async length(): Promise<number> {
    return this.liveKeys().length;
  }

  async clear(): Promise<void> {
    this.entries.clear();
    this.byUser.clear();
    this.cursor = undefined;
  }

  async prune(): Promise<number> {
    const before = this.entries.size;
    for (const key of [...this.entries.keys()]) this.live(key);
    return before - this.entries.size;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** How many entries are held, expired ones included (for memory diagnostics). */
  get size(): number {
    return this.entries.size;
  }

  /** The entry if live; an expired one is removed on sight. */
  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.remove(key);
    return undefined;
  }

  private liveKeys(): string[] {
    return [...this.entries.keys()].filter((key) => this.live(key) !== undefined);
  }

  // Map keeps insertion order, so re-inserting on use makes the first key the least recently used.
  private bump(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.unindex(key, entry.userId);
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
    this.cursor ??= this.entries.keys();
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

function toRecord(entry: Entry): SessionRecord {
  return {
    data: parseData(entry.json),
    expiresAt: entry.expiresAt,
    createdAt: entry.createdAt,
    lastSeenAt: entry.lastSeenAt,
    userId: entry.userId,
    userAgent: entry.userAgent,
  };
}

function guard<T>(operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new SessionStoreError(operation, `memory store ${operation} failed: ${detail}`, { cause: error });
  }
}
