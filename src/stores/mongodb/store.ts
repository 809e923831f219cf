import type { Collection, Filter } from 'mongodb';
import type { SessionGetOptions, SessionInfo, SessionPatch, SessionRecord, SessionStore } from '../../types.js';
import { storeOperation } from '../../operation.js';
import {
  INFO_PROJECTION,
  type MongoSessionDocument,
  fromDocument,
  liveFilter,
  patchUpdate,
  requireString,
  toDocument,
  toInfo,
} from './document.js';
import { IndexKeeper } from './indexes.js';
import { MONGO_STORE_DEFAULTS, type MongoStoreOptions, type MongoStoreSource, resolveMongoOptions } from './options.js';

const DUPLICATE_KEY = 11000;

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}

/**
 * Session store on MongoDB through the official `mongodb` driver (6 or 7), which you install and
 * connect; the store only receives a `Collection` (or a `Db`). One document per session, `_id`
 * the store key, data as one field per session key so saves send only what changed.
 *
 * - `create` is create-only and `update`/`touch` are update-only (TM-03): a destroyed session
 *   cannot come back from an in-flight request.
 * - Expired sessions are never returned, whether or not mongod's TTL monitor has removed them.
 * - Index creation runs in the background and is retried; its failure is reported to `onError`
 *   and never crashes the process or blocks sessions.
 * - Every operation fails with a `SessionStoreError` (the driver error as `cause`) or
 *   `ERR_SESSION_STORE_TIMEOUT` after `operationTimeout`.
 *
 * @example
 * import { MongoClient } from 'mongodb';
 * import { session } from 'satchel';
 * import { MongoStore } from 'satchel/mongodb';
 *
 * const client = await new MongoClient(process.env.MONGODB_URL!).connect();
 * app.use(session({ secret, store: new MongoStore({ collection: client.db('app').collection('sessions') }) }));
 */
export class MongoStore implements SessionStore {
  /** The store's name in telemetry (`satchel.store.name`). */
  get kind(): string {
    return 'mongodb';
  }

  private readonly collection: Collection<MongoSessionDocument>;
  private readonly timeout: number;
  private readonly now: () => number;
  private readonly indexes: IndexKeeper | undefined;

  constructor(source: MongoStoreSource, options: MongoStoreOptions = {}) {
    const resolved = resolveMongoOptions(source, options);
    this.collection = resolved.collection;
    this.timeout = resolved.operationTimeout;
    this.now = resolved.now;
    if (resolved.createIndexes) {
      this.indexes = new IndexKeeper(this.collection, {
        timeoutMs: resolved.operationTimeout,
        retryDelay: resolved.indexRetryDelay,
        maxRetryDelay: MONGO_STORE_DEFAULTS.maxIndexRetryDelay,
        onError: resolved.onError,
      });
      this.indexes.start();
    }
  }

  /**
   * Creates the indexes now, for apps that want to know at startup; rejects with a
   * `SessionStoreError` when the server refuses. Not needed otherwise: the store creates them in
   * the background. Resolves at once when `createIndexes: false`.
   */
  async ensureIndexes(): Promise<void> {
    await this.indexes?.ensure();
  }

  get(key: string, options?: SessionGetOptions): Promise<SessionRecord | null> {
    return this.op('get', async () => {
      // includeExpired: a document stays until the TTL monitor removes it (about once a minute).
      const includeExpired = options?.includeExpired === true;
      const doc = await this.collection.findOne(includeExpired ? { _id: requireString('key', key) } : liveFilter(key, this.now()));
      if (doc === null) return null;
      const record = fromDocument(doc);
      // Re-checked in case the filter was evaluated against a different clock than ours.
      return includeExpired || record.expiresAt > this.now() ? record : null;
    });
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.op('create', async () => {
      requireString('key', key);
      const doc = toDocument(record);
      try {
        await this.collection.insertOne({ _id: key, ...doc });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      // The key is taken; only an expired holder may be replaced. With upsert the replace also
      // covers a holder the TTL monitor removed since the insert, and a live holder makes the
      // upsert's insert fail with a duplicate key, which means "taken".
      try {
        await this.collection.replaceOne({ _id: key, expiresAt: { $lte: new Date(this.now()) } }, doc, { upsert: true });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    });
  }

  update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.op('update', async () => {
      const result = await this.collection.updateOne(liveFilter(key, this.now()), patchUpdate(patch));
      return result.matchedCount === 1;
    });
  }

  destroy(key: string): Promise<void> {
    return this.op('destroy', async () => {
      await this.collection.deleteOne({ _id: requireString('key', key) });
    });
  }

  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.op('touch', async () => {
      await this.collection.updateOne(liveFilter(key, this.now()), {
        $set: { expiresAt: new Date(expiresAt), lastSeenAt: new Date(lastSeenAt) },
      });
    });
  }

  listByUser(userId: string): Promise<SessionInfo[]> {
    return this.op('listByUser', async () => {
      const docs = await this.collection.find(this.userFilter(userId), { projection: INFO_PROJECTION }).toArray();
      return docs.map(toInfo);
    });
  }

  destroyByUser(userId: string, options: { exceptKey?: string } = {}): Promise<number> {
    return this.op('destroyByUser', async () => {
      const filter = this.userFilter(userId);
      if (options.exceptKey !== undefined) filter._id = { $ne: requireString('exceptKey', options.exceptKey) };
      const result = await this.collection.deleteMany(filter);
      return result.deletedCount;
    });
  }

  all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.op('all', async () => {
      const docs = await this.collection.find(this.liveOnly()).toArray();
      return docs.map((doc) => ({ key: doc._id, record: fromDocument(doc) }));
    });
  }

  ids(): Promise<string[]> {
    return this.op('ids', async () => {
      const docs = await this.collection.find(this.liveOnly(), { projection: { _id: 1 } }).toArray();
      return docs.map((doc) => doc._id);
    });
  }

  length(): Promise<number> {
    return this.op('length', () => this.collection.countDocuments(this.liveOnly()));
  }

  clear(): Promise<void> {
    return this.op('clear', async () => {
      await this.collection.deleteMany({});
    });
  }

  /** Deletes expired sessions now. The TTL index does this by itself; call it where the index cannot exist. */
  prune(): Promise<number> {
    return this.op('prune', async () => {
      const result = await this.collection.deleteMany({ expiresAt: { $lte: new Date(this.now()) } });
      return result.deletedCount;
    });
  }

  /** Stops index retries. The client is yours: the store never closes it. */
  async close(): Promise<void> {
    this.indexes?.stop();
  }

  private op<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return storeOperation(operation, this.timeout, run);
  }

  private liveOnly(): Filter<MongoSessionDocument> {
    return { expiresAt: { $gt: new Date(this.now()) } };
  }

  private userFilter(userId: string): Filter<MongoSessionDocument> {
    return { userId: requireString('userId', userId), expiresAt: { $gt: new Date(this.now()) } };
  }
}
