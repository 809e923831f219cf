import type { RedisAdapter } from './adapter.js';
import { fieldMap, liveMeta } from './codec.js';
import { META } from './scripts.js';
import { runBatched } from './batch.js';

type Meta = NonNullable<ReturnType<typeof liveMeta>>;

function list(reply: unknown): string[] {
  // RESP3 clients may map a SET reply to a JS Set.
  const items = reply instanceof Set ? [...reply] : Array.isArray(reply) ? reply : [];
  return items.map((item) => (typeof item === 'string' ? item : Buffer.from(item as Uint8Array).toString('utf8')));
}

/**
 * The per-user SETs (TM-04/TM-05). A set may hold stale members (destroyed, expired or rebound
 * sessions): each session's own `u` field is the truth. Removal re-checks that field afterwards
 * and re-adds a member that was bound again meanwhile, so a concurrent login is never dropped.
 */
export class UserIndex {
  constructor(
    private readonly redis: RedisAdapter,
    private readonly sessionKey: (key: string) => string,
    private readonly userKey: (userId: string) => string,
    private readonly now: () => number,
    private readonly batchSize: number,
  ) {}

  async add(userId: string, key: string): Promise<void> {
    const set = this.userKey(userId);
    await this.redis.command(set, ['SADD', set, key]);
  }

  async members(userId: string): Promise<string[]> {
    const set = this.userKey(userId);
    return list(await this.redis.command(set, ['SMEMBERS', set]));
  }

  /** Removes keys from a user's set, then restores any that are (again) bound to that user. */
  async remove(userId: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    const set = this.userKey(userId);
    for (let i = 0; i < keys.length; i += 500) await this.redis.command(set, ['SREM', set, ...keys.slice(i, i + 500)]);
    const owners = await runBatched(keys, this.batchSize, async (key) => fieldMap(await this.redis.script(META, this.sessionKey(key), [])).get('u'));
    const back = keys.filter((_, i) => owners[i] === userId);
    if (back.length > 0) await this.redis.command(set, ['SADD', set, ...back]);
  }

  /** The user's sessions that still exist and are bound to them (live or not); stale members are dropped. */
  async verified(userId: string): Promise<Array<{ key: string; meta: Meta }>> {
    const keys = await this.members(userId);
    const fields = await runBatched(keys, this.batchSize, async (key) => fieldMap(await this.redis.script(META, this.sessionKey(key), [])));
    const out: Array<{ key: string; meta: Meta }> = [];
    const stale: string[] = [];
    fields.forEach((f, i) => {
      // -Infinity: keep expired-but-present records (the caller filters by its clock); only gone or rebound ones are stale.
      const meta = liveMeta(f, -Infinity);
      if (meta !== null && meta.userId === userId) out.push({ key: keys[i]!, meta });
      else stale.push(keys[i]!);
    });
    await this.remove(userId, stale);
    return out;
  }

  /** Cleans every user set matching `pattern` (for prune); `start` is where the user id begins in the set's key. */
  async sweep(pattern: string, start: number): Promise<void> {
    for (const set of await this.redis.scan(pattern, this.batchSize)) await this.verified(set.slice(start));
  }
}
