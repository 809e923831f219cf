/** How `MemoryStore` holds one session: compact keys, shared strings, one JSON text. */
import type { JsonObject, SessionRecord } from '../../types.js';
import { parseData } from '../kit/json-data.js';

// Per idle session the heap holds: the Map slot and its key, this object (with the LRU links),
// the data JSON and three timestamps. Everything that is usually the same across sessions (the
// `cookie` settings JSON, the user agent) is shared through small intern tables instead of copied
// per session.
export class Entry {
  older: Entry | undefined = undefined;
  newer: Entry | undefined = undefined;

  constructor(
    /** The stored (compact) key, the same string the map holds. */
    readonly key: string,
    /** JSON of the data without its `cookie` key. */
    public json: string,
    /** JSON of `data.cookie` (interned), or null when the data has none. */
    public cookie: string | null,
    public expiresAt: number,
    public createdAt: number,
    public lastSeenAt: number,
    public userId: string | null,
    public userAgent: string | null,
  ) {}
}

const INTERN_LIMIT = 256;

/**
 * Returns an equal string already held, so thousands of sessions share one copy. Bounded: when
 * full it starts over, which only costs sharing, never correctness.
 */
export function interner(): (value: string) => string {
  const table = new Map<string, string>();
  return (value) => {
    const held = table.get(value);
    if (held !== undefined) return held;
    if (table.size >= INTERN_LIMIT) table.clear();
    table.set(value, value);
    return value;
  };
}

// The engine's keys are SHA-256 hex (64 characters); kept as 32 one-byte characters they take
// half the memory. Any other key is stored behind a marker no compact key can start with.
const HEX_KEY = /^[0-9a-f]{64}$/;
const OTHER_KEY = '\u0100';

export function compactKey(key: string): string {
  if (key.length === 64 && HEX_KEY.test(key)) return Buffer.from(key, 'hex').toString('latin1');
  return OTHER_KEY + key;
}

export function expandKey(stored: string): string {
  return stored.startsWith(OTHER_KEY) ? stored.slice(OTHER_KEY.length) : Buffer.from(stored, 'latin1').toString('hex');
}

// One parse of the rejoined text (cookie first, where the engine puts it) instead of two parses
// and a merge. Data whose own toJSON made it a non-object stores no object text: no cookie then.
export function dataOf(entry: Entry): JsonObject {
  if (entry.cookie === null || !entry.json.startsWith('{')) return parseData(entry.json);
  return parseData(entry.json === '{}' ? `{"cookie":${entry.cookie}}` : `{"cookie":${entry.cookie},${entry.json.slice(1)}`);
}

export function toRecord(entry: Entry): SessionRecord {
  return {
    data: dataOf(entry),
    expiresAt: entry.expiresAt,
    createdAt: entry.createdAt,
    lastSeenAt: entry.lastSeenAt,
    userId: entry.userId,
    userAgent: entry.userAgent,
  };
}
