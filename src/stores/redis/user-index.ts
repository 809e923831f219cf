import type { RedisAdapter } from './adapter.js';
import { fieldMap, liveMeta } from './codec.js';
import { INDEX_ADD, INDEX_MEMBERS, INDEX_REMOVE } from './index-scripts.js';
import { META } from './scripts.js';
import { runBatched } from './batch.js';

type Meta = NonNullable<ReturnType<typeof liveMeta>>;

function text(item: unknown): string {
  return typeof item === 'string' ? item : Buffer.from(item as Uint8Array).toString('utf8');
}

/**
 * The per-user ZSETs (TM-04/TM-05; layout in index-scripts.ts). A set may hold stale members
 * (destroyed, expired or rebound sessions): each session's own `u` field is the truth. Removal
 * re-checks that field afterwards and re-adds a member that was bound again meanwhile, so a
 * concurrent login is never dropped.
 */
export class UserIndex {
  constructor(
    private readonly redis: RedisAdapter,
    private readonly sessionKey: (key: string) => string,
    private readonly userKey: (userId: string) => string,
    private readonly now: () => number,
    private readonly batchSize: number,
    /** When Redis drops a session hash expiring at `expiresAt` (its PEXPIREAT): a member's score. */
    private readonly dropAt: (expiresAt: number) => string,
  ) {}

  /** Indexes `key` until `score` (raising, never lowering, its score) and extends the set's expiry to match. */
  async add(userId: string, key: string, score: string): Promise<void> {
    await this.write(userId, 'raise', [score, key]);
  }

  async members(userId: string): Promise<string[]> {
    return (await this.scored(userId)).map(([key]) => key);
  }

  /** Removes keys from a user's set, then restores any that are (again) bound to that user. */
  async remove(userId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const set = this.userKey(userId);
    for (let i = 0; i < keys.length; i += 500) await this.redis.script(INDEX_REMOVE, set, [String(this.now()), ...keys.slice(i, i + 500)]);
    const metas = await runBatched(keys, this.batchSize, async (key) => liveMeta(fieldMap(await this.redis.script(META, this.sessionKey(key), [])), -Infinity));
    const back = keys.flatMap((key, i) => (metas[i]?.userId === userId ? [this.dropAt(metas[i].expiresAt), key] : []));
    if (back.length > 0) await this.write(userId, 'raise', back);
  }

  /** The user's sessions that still exist and are bound to them (live or not); stale members are dropped. */
  async verified(userId: string): Promise<Array<{ key: string; meta: Meta }>> {
    const scored = await this.scored(userId);
    const keys = scored.map(([key]) => key);
    const fields = await runBatched(keys, this.batchSize, async (key) => fieldMap(await this.redis.script(META, this.sessionKey(key), [])));
    const out: Array<{ key: string; meta: Meta }> = [];
    const stale: string[] = [];
    const unscored: Array<{ key: string; meta: Meta }> = [];
    fields.forEach((f, i) => {
      // -Infinity: keep expired-but-present records (the caller filters by its clock); only gone or rebound ones are stale.
      const meta = liveMeta(f, -Infinity);
      if (meta === null || meta.userId !== userId) stale.push(keys[i]!);
      else {
        out.push({ key: keys[i]!, meta });
        if (scored[i]![1] === 'inf') unscored.push({ key: keys[i]!, meta });
      }
    });
    await this.remove(userId, stale);
    await this.settle(userId, unscored);
    return out;
  }

  /** Cleans every user set matching `pattern` (for prune); `start` is where the user id begins in the set's key. */
  async sweep(pattern: string, start: number): Promise<void> {
    for (const set of await this.redis.scan(pattern, this.batchSize)) await this.verified(set.slice(start));
  }

  /**
   * Gives members upgraded from a 0.1 SET (score `inf`) their session's real score, so the set
   * can expire. Then raises them again from a fresh read: a touch that extended one of these
   * sessions meanwhile could not raise an `inf` score, and must not end up below its session.
   */
  private async settle(userId: string, members: Array<{ key: string; meta: Meta }>): Promise<void> {
    if (members.length === 0) return;
    await this.write(userId, 'settle', members.flatMap(({ key, meta }) => [this.dropAt(meta.expiresAt), key]));
    const metas = await runBatched(members, this.batchSize, async ({ key }) => liveMeta(fieldMap(await this.redis.script(META, this.sessionKey(key), [])), -Infinity));
    const again = members.flatMap(({ key }, i) => (metas[i]?.userId === userId ? [this.dropAt(metas[i].expiresAt), key] : []));
    if (again.length > 0) await this.write(userId, 'raise', again);
  }

  private async write(userId: string, mode: 'raise' | 'settle', pairs: string[]): Promise<void> {
    const set = this.userKey(userId);
    for (let i = 0; i < pairs.length; i += 1000) await this.redis.script(INDEX_ADD, set, [String(this.now()), mode, ...pairs.slice(i, i + 1000)]);
  }

  /** Members with their scores, after dropping the ones whose sessions are gone. */
  private async scored(userId: string): Promise<Array<[string, string]>> {
    const set = this.userKey(userId);
    const reply = await this.redis.script(INDEX_MEMBERS, set, [String(this.now())]);
    const items = Array.isArray(reply) ? reply.map(text) : [];
    const out: Array<[string, string]> = [];
    for (let i = 0; i + 1 < items.length; i += 2) out.push([items[i]!, items[i + 1]!]);
    return out;
  }
}
