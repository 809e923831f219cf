import assert from 'node:assert/strict';
import type { SessionRecord, SessionStore } from '../../types.js';

/** What a suite case body receives: its own fresh store and the clock that store reads. */
export interface CaseContext {
  store: SessionStore;
  clock: SuiteClock;
}

/** The optional store methods a store may declare it does not provide. */
export type StoreCapability = 'listByUser' | 'destroyByUser' | 'all' | 'ids' | 'length' | 'clear' | 'prune';

/** Registers one case; `needs` names the optional methods the case calls. */
export type AddCase = (name: string, body: (ctx: CaseContext) => Promise<void>, needs?: StoreCapability[]) => void;

/**
 * A controllable clock. It starts at the real time so backends with native TTLs (derived from
 * `expiresAt`) keep records alive while the suite moves the store's notion of "now" past them.
 */
export class SuiteClock {
  private current = Date.now();
  readonly now = (): number => this.current;
  advance(ms: number): void {
    this.current += ms;
  }
}

/** One hour: the lifetime of a record that must stay live through a case. */
export const LIVE_MS = 3_600_000;
/** The lifetime of a record a case will expire by advancing the clock by `EXPIRE_JUMP_MS`. */
export const SHORT_MS = 60_000;
export const EXPIRE_JUMP_MS = 120_000;

// Math.random is enough for test keys and keeps this module free of node:crypto (runner-agnostic).
export function randomKey(length = 64): string {
  let out = '';
  while (out.length < length) out += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return out.slice(0, length);
}

/** A record that is live for `lifetime` ms from the clock's now. */
export function makeRecord(clock: SuiteClock, data: SessionRecord['data'], extra: Partial<SessionRecord> = {}): SessionRecord {
  const now = clock.now();
  return { data, expiresAt: now + LIVE_MS, createdAt: now, lastSeenAt: now, userId: null, userAgent: null, ...extra };
}

/** Creates a record and asserts that the store accepted it. */
export async function seed(store: SessionStore, key: string, record: SessionRecord): Promise<void> {
  assert.equal(await store.create(key, record), true, `create(${key.slice(0, 8)}…) of a new key must resolve to true`);
}

/** Asserts a rejection is satchel's store error with one of the given codes (checked by name and code, not class identity, so separately bundled copies still match). */
export async function assertStoreError(promise: Promise<unknown>, codes: string[], what: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    const e = error as { name?: unknown; code?: unknown };
    assert.equal(e?.name, 'SessionStoreError', `${what}: expected a SessionStoreError, got ${String(error)}`);
    assert.ok(codes.includes(String(e.code)), `${what}: expected code ${codes.join(' or ')}, got ${String(e.code)}`);
    return true;
  });
}

/** Sorts for order-insensitive comparison of listings. */
export function sorted<T>(items: T[], by: (item: T) => string): T[] {
  return [...items].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
}
