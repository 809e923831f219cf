import { SessionOptionsError } from '../../errors.js';
import { resolveOperationTimeout, storeOperation } from '../../operation.js';
import type { SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore, StoreBaseOptions } from '../../types.js';
import { runBatched } from './batch.js';
import { createAdapter, type RedisAdapter, type RedisClientLike } from './adapter.js';
import { applied, decodeRecord, fieldMap, liveMeta, pexpireAt, recordFields, updateArgs } from './codec.js';
import { CREATE, DESTROY, DESTROY_IF_USER, META, PRUNE, TOUCH, UPDATE } from './scripts.js';
import { UserIndex } from './user-index.js';

/** Options of {@link RedisStore}. */
export interface RedisStoreOptions extends StoreBaseOptions {
  /** Your connected client: node-redis 5/6 `createClient()`/`createCluster()` or ioredis 5/6 `new Redis()`/`new Redis.Cluster()`. Never closed by the store. */
  client: RedisClientLike;
  /**
   * Prefix of every key this store owns; `clear()` removes exactly these.
   * @default 'satchel:'
   */
  prefix?: string;
  /**
   * SCAN `COUNT` hint per call when enumerating (`all`, `ids`, `length`, `clear`, `prune`), and
   * how many keys are read in parallel per batch.
   * @default 100
   */
  scanCount?: number;
  /**
   * Milliseconds Redis keeps a session past its `expiresAt` (`PEXPIREAT expiresAt + expiredGrace`),
   * so a cookie that comes back after a timeout is reported as `expired` rather than as an unknown
   * id. Normal reads, `update` and `touch` still treat the record as gone from `expiresAt` on, and
   * `create` replaces it. `0` expires keys exactly at `expiresAt` (no `expired` events from Redis).
   *
   * The default matches the SQL stores' default `pruneInterval`, so expired sessions linger about
   * as long on every shared store; it costs memory for the sessions that expired in the last
   * 15 minutes (with the 30-minute `standard` idle timeout, at most half as many keys again).
   * @default 900000 (15 minutes)
   */
  expiredGrace?: number;
}

/** Defaults of {@link RedisStoreOptions}. */
export const REDIS_STORE_DEFAULTS = Object.freeze({ prefix: 'satchel:', scanCount: 100, expiredGrace: 900_000 });

const GLOB = /[*?[\]\\]/g;

/**
 * Sessions in Redis, through node-redis or ioredis, standalone or Redis Cluster.
 *
 * Layout: one HASH per session at `<prefix>s:<key>` — meta fields `e` (expiresAt), `c`
 * (createdAt), `l` (lastSeenAt), `u` (userId), `a` (userAgent), and one field `d:<name>` per
 * top-level data key holding its JSON — expiring with `PEXPIREAT expiresAt + expiredGrace`; one
 * sorted SET per user at `<prefix>u:<userId>` listing that user's session keys, scored by when
 * each session's hash expires and itself expiring with the last of them. Every script touches a single key, so
 * no hash tags are needed and sessions spread over every shard of a cluster; a user's set is a
 * superset of that user's sessions, verified against each session's `u` field, trimmed of
 * expired members whenever it is written and cleaned of the rest lazily (`listByUser`,
 * `destroyByUser`, `prune`).
 *
 * A read is one round trip (one plain HGETALL); create, patch and touch are one atomic script each
 * (create-only, update-only, never resurrecting — TM-03), plus one write of the user's index when
 * the session has a user, and every read re-checks `expiresAt`
 * against `now` (STO-02). Every operation fails with a `SessionStoreError` within
 * `operationTimeout`, including while the client queues commands offline (connect-redis hangs
 * there, E2). a node-redis command still in its offline queue when its deadline passes is withdrawn; ioredis
 * cannot withdraw them, so with ioredis a write that timed out may still run once Redis is back
 * unless you set `enableOfflineQueue: false`.
 *
 * @example
 * import { createClient } from 'redis';
 * import { RedisStore } from 'satchel/redis';
 * const client = await createClient({ url: process.env.REDIS_URL }).connect();
 * app.use(session({ secret, store: new RedisStore({ client, prefix: 'myapp:' }) }));
 */
export class RedisStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'redis';
  }

  private readonly redis: RedisAdapter;
  private readonly prefix: string;
  private readonly scanCount: number;
  private readonly timeout: number;
  private readonly now: () => number;
  private readonly grace: number;
  private readonly users: UserIndex;

  constructor(options: RedisStoreOptions) {
    if (options === null || typeof options !== 'object') throw new SessionOptionsError('RedisStore: pass an options object: new RedisStore({ client })');
    this.prefix = options.prefix ?? REDIS_STORE_DEFAULTS.prefix;
    if (typeof this.prefix !== 'string') throw new SessionOptionsError(`RedisStore: prefix must be a string, got ${typeof this.prefix}`);
    this.scanCount = options.scanCount ?? REDIS_STORE_DEFAULTS.scanCount;
    if (!Number.isInteger(this.scanCount) || this.scanCount < 1) {
      throw new SessionOptionsError(`RedisStore: scanCount must be a positive integer, got ${String(this.scanCount)}`);
    }
    try {
      this.timeout = resolveOperationTimeout(options.operationTimeout);
    } catch (error) {
      throw new SessionOptionsError(`RedisStore: ${(error as Error).message}`);
    }
    this.grace = options.expiredGrace ?? REDIS_STORE_DEFAULTS.expiredGrace;
    if (!Number.isSafeInteger(this.grace) || this.grace < 0) {
      throw new SessionOptionsError(`RedisStore: expiredGrace must be a non-negative integer of milliseconds (0 disables it), got ${String(this.grace)}`);
    }
    this.now = options.now ?? Date.now;
    this.redis = createAdapter(options.client, this.timeout);
    this.users = new UserIndex(
      this.redis,
      (key) => this.sessionKey(key),
      (userId) => `${this.prefix}u:${userId}`,
      () => this.now(),
      this.scanCount,
      (expiresAt) => this.expireAt(expiresAt),
    );
  }

  async get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    // includeExpired: -Infinity keeps a record Redis still holds within `expiredGrace`.
    const now = options?.includeExpired ? -Infinity : this.now();
    return this.op('get', () => this.read(key, now));
  }

  async create(key: string, record: SessionRecord): Promise<boolean> {
    return this.op('create', async () => {
      const dropAt = this.expireAt(record.expiresAt);
      const args = [String(this.now()), dropAt, ...recordFields(record)];
      // Indexed before and after: the set is never missing a live member, even if a cleaner ran in between.
      if (record.userId !== null) await this.users.add(record.userId, key, dropAt);
      const created = Number(await this.redis.script(CREATE, this.sessionKey(key), args)) === 1;
      if (created && record.userId !== null) await this.users.add(record.userId, key, dropAt);
      return created;
    });
  }

  async update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.op('update', async () => {
      const dropAt = this.expireAt(patch.expiresAt);
      const args = updateArgs(String(this.now()), dropAt, patch);
      if (typeof patch.userId === 'string') await this.users.add(patch.userId, key, dropAt);
      const previous = applied(await this.redis.script(UPDATE, this.sessionKey(key), args));
      if (previous === undefined) return false;
      // A session already bound to this user was never unindexed by a cleaner (it re-checks `u`), so no second add.
      if (typeof patch.userId === 'string' && previous !== patch.userId) await this.users.add(patch.userId, key, dropAt);
      // Still bound to the same user: its index must now live as long as the session does.
      if (patch.userId === undefined && previous !== null) await this.users.add(previous, key, dropAt);
      if (patch.userId !== undefined && previous !== null && previous !== patch.userId) await this.users.remove(previous, [key]);
      return true;
    });
  }

  async destroy(key: string): Promise<void> {
    return this.op('destroy', async () => {
      const reply = (await this.redis.script(DESTROY, this.sessionKey(key), [])) as unknown[];
      if (Array.isArray(reply) && reply.length > 0) await this.users.remove(String(reply[0]), [key]);
    });
  }

  async touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.op('touch', async () => {
      const dropAt = this.expireAt(expiresAt);
      const user = applied(await this.redis.script(TOUCH, this.sessionKey(key), [String(this.now()), dropAt, String(expiresAt), String(lastSeenAt)]));
      // A logged-in session's index must now live as long as the session does.
      if (typeof user === 'string') await this.users.add(user, key, dropAt);
    });
  }

  async listByUser(userId: string): Promise<SessionInfo[]> {
    return this.op('listByUser', async () => {
      const out: SessionInfo[] = [];
      for (const { key, meta } of await this.users.verified(userId)) {
        if (meta.expiresAt > this.now()) {
          out.push({ key, createdAt: meta.createdAt, lastSeenAt: meta.lastSeenAt, expiresAt: meta.expiresAt, userAgent: meta.userAgent });
        }
      }
      return out;
    });
  }

  async destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return this.op('destroyByUser', async () => {
      const keys = (await this.users.members(userId)).filter((key) => key !== options.exceptKey);
      const now = String(this.now());
      const results = await this.batch(keys, (key) => this.redis.script(DESTROY_IF_USER, this.sessionKey(key), [userId, now]));
      await this.users.remove(userId, keys);
      return results.filter((result) => Number(result) === 1).length;
    });
  }

  async all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.op('all', async () => {
      const keys = await this.keys();
      const records = await this.batch(keys, (key) => this.read(key, this.now()));
      return keys.flatMap((key, i) => (records[i] ? [{ key, record: records[i] }] : []));
    });
  }

  async ids(): Promise<string[]> {
    return this.op('ids', () => this.liveKeys());
  }

  async length(): Promise<number> {
    return this.op('length', async () => (await this.liveKeys()).length);
  }

  async clear(): Promise<void> {
    return this.op('clear', async () => {
      // One DEL per key: a multi-key DEL fails with CROSSSLOT on a cluster (connect-redis, E3).
      const keys = [...(await this.redis.scan(`${glob(this.prefix)}s:*`, this.scanCount)), ...(await this.redis.scan(`${glob(this.prefix)}u:*`, this.scanCount))];
      await this.batch(keys, (key) => this.redis.command(key, ['DEL', key]));
    });
  }

  /** Deletes records expired by the store's clock that Redis has not purged yet, and stale user-index members. */
  async prune(): Promise<number> {
    return this.op('prune', async () => {
      const now = String(this.now());
      const results = await this.batch(await this.keys(), (key) => this.redis.script(PRUNE, this.sessionKey(key), [now]));
      await this.users.sweep(`${glob(this.prefix)}u:*`, this.prefix.length + 2);
      return results.filter((result) => Number(result) === 1).length;
    });
  }

  /** Nothing to stop: the store runs no timers and never closes your client. */
  async close(): Promise<void> {}

  /**
   * One HGETALL, sent as is rather than through a script: a read needs no atomicity beyond the
   * command's own, and the GET script cost Redis seven times the CPU of the plain command
   * (4.0 against 0.6 µs a read). codec.ts reads the RESP3 map form as well as the flat array.
   */
  private async read(key: string, now: number): Promise<SessionRecord | null> {
    const sessionKey = this.sessionKey(key);
    return decodeRecord(await this.redis.command(sessionKey, ['HGETALL', sessionKey]), now);
  }

  /** When Redis itself drops the key: the record's deadline plus the grace for `expired` reports. */
  private expireAt(expiresAt: number): string {
    return pexpireAt(expiresAt + this.grace);
  }

  private sessionKey(key: string): string {
    return `${this.prefix}s:${key}`;
  }

  /** Session keys (engine keys, without the prefix) found on every master. */
  private async keys(): Promise<string[]> {
    const start = this.prefix.length + 2;
    return (await this.redis.scan(`${glob(this.prefix)}s:*`, this.scanCount)).map((key) => key.slice(start));
  }

  private async liveKeys(): Promise<string[]> {
    const keys = await this.keys();
    const metas = await this.batch(keys, async (key) => liveMeta(fieldMap(await this.redis.script(META, this.sessionKey(key), [])), this.now()));
    return keys.filter((_, i) => metas[i] !== null);
  }

  private batch<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
    return runBatched(items, this.scanCount, run);
  }

  private op<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return storeOperation(operation, this.timeout, run);
  }
}

function glob(text: string): string {
  return text.replace(GLOB, '\\$&');
}
