import { SessionStoreError } from '../../../errors.js';
import type { JsonObject, SessionInfo, SessionPatch, SessionRecord, SessionStore, StoreBaseOptions } from '../../../types.js';
import { defineData, applyDataPatch } from '../json-data.js';
import { KeyQueue } from '../key-queue.js';
import { resolveOperationTimeout, storeOperation } from '../../../operation.js';
import { SATCHEL_META_KEY, SATCHEL_STORE, expiresOf, isObject, type ExpressStoreLike, type SatchelMeta } from './shared.js';

/** Options of {@link fromExpressStore}. */
export interface FromExpressStoreOptions extends StoreBaseOptions {
  /**
   * Lifetime assumed for a session the express-session store holds without `cookie.expires`
   * (written by express-session itself with a browser-session cookie); re-evaluated on each read.
   * @default 86400000 (one day)
   */
  defaultMaxAge?: number;
}

type Method = 'get' | 'set' | 'destroy' | 'all' | 'ids' | 'length' | 'clear';

function unsupported(operation: string, what: string): SessionStoreError {
  return new SessionStoreError(operation, `this express-session store cannot ${what}`, { code: 'ERR_SESSION_STORE_UNSUPPORTED' });
}

/**
 * Adapts an express-session store (connect-redis, connect-pg-simple, memorystore, …) to satchel's
 * store contract, so existing stores keep working under satchel's `session()`.
 *
 * Mapping: a record's `data` is the express session object (with its `cookie` key; one is
 * synthesized from `expiresAt` when the record has none, so the store derives its TTL from it).
 * satchel's metadata (expiresAt, createdAt, lastSeenAt, userId, userAgent) rides along under the
 * reserved key `__satchel` ({@link SATCHEL_META_KEY}). Sessions written by express-session itself
 * read with `expiresAt` from `cookie.expires`.
 *
 * Limits: express-session stores only offer a blind `set`, so create-only and update-only are a
 * read then a write, serialized per key inside this process (not across processes).
 * `listByUser`/`destroyByUser` reject with `ERR_SESSION_STORE_UNSUPPORTED`; `all`/`ids`/`length`/
 * `prune` need the store's `all()`, `clear` its `clear()`. Store methods are looked up on every call.
 *
 * @example
 * import RedisStore from 'connect-redis';
 * app.use(session({ secret, store: fromExpressStore(new RedisStore({ client })) }));
 */
export function fromExpressStore(store: ExpressStoreLike, options: FromExpressStoreOptions = {}): SessionStore {
  const inner = (store as unknown as Record<symbol, unknown>)[SATCHEL_STORE];
  if (inner) return inner as SessionStore;
  return new ExpressStoreAdapter(store, options);
}

class ExpressStoreAdapter implements SessionStore {
  private readonly timeout: number;
  private readonly now: () => number;
  private readonly defaultMaxAge: number;
  private readonly queue = new KeyQueue();

  constructor(
    private readonly store: ExpressStoreLike,
    options: FromExpressStoreOptions,
  ) {
    this.timeout = resolveOperationTimeout(options.operationTimeout);
    this.now = options.now ?? Date.now;
    this.defaultMaxAge = options.defaultMaxAge ?? 86_400_000;
  }

  get(key: string): Promise<SessionRecord | null> {
    return this.guard('get', async () => this.read(key));
  }

  create(key: string, record: SessionRecord): Promise<boolean> {
    return this.guard('create', () =>
      this.queue.run(key, async () => {
        if (await this.read(key)) return false;
        await this.write(key, record);
        return true;
      }),
    );
  }

  update(key: string, patch: SessionPatch): Promise<boolean> {
    return this.guard('update', () =>
      this.queue.run(key, async () => {
        const current = await this.read(key);
        if (!current) return false;
        await this.write(key, {
          ...current,
          data: applyDataPatch(current.data, patch),
          expiresAt: patch.expiresAt,
          lastSeenAt: patch.lastSeenAt,
          userId: patch.userId === undefined ? current.userId : patch.userId,
        });
        return true;
      }),
    );
  }

  destroy(key: string): Promise<void> {
    return this.guard('destroy', () => this.queue.run(key, () => this.call<void>('destroy', key)));
  }

  // A full write rather than the store's own touch: the expiry lives in satchel's metadata too.
  touch(key: string, expiresAt: number, lastSeenAt: number): Promise<void> {
    return this.guard('touch', () =>
      this.queue.run(key, async () => {
        const current = await this.read(key);
        if (current) await this.write(key, { ...current, expiresAt, lastSeenAt });
      }),
    );
  }

  async listByUser(_userId: string): Promise<SessionInfo[]> {
    throw unsupported('listByUser', 'list sessions by user');
  }

  async destroyByUser(_userId: string, _options?: { exceptKey?: string }): Promise<number> {
    throw unsupported('destroyByUser', 'destroy sessions by user');
  }

  all(): Promise<Array<{ key: string; record: SessionRecord }>> {
    return this.guard('all', async () => {
      const out: Array<{ key: string; record: SessionRecord }> = [];
      for (const [key, raw] of await this.rawAll('all')) {
        const record = this.toRecord(raw);
        if (record) out.push({ key, record });
      }
      return out;
    });
  }

  ids(): Promise<string[]> {
    return this.guard('ids', async () => (await this.all()).map((entry) => entry.key));
  }

  length(): Promise<number> {
    return this.guard('length', async () => (await this.all()).length);
  }

  clear(): Promise<void> {
    return this.guard('clear', () => this.call<void>('clear'));
  }

  prune(): Promise<number> {
    return this.guard('prune', async () => {
      let count = 0;
      for (const [key, raw] of await this.rawAll('prune')) {
        if (isObject(raw) && this.toRecord(raw) === null) {
          await this.queue.run(key, () => this.call<void>('destroy', key));
          count++;
        }
      }
      return count;
    });
  }

  async close(): Promise<void> {}

  private guard<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return storeOperation(operation, this.timeout, run);
  }

  /** Calls a callback method looked up now; a second callback (buggy stores) is ignored. */
  private call<T>(method: Method, ...args: unknown[]): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const fn = this.store[method] as unknown;
      if (typeof fn !== 'function') throw unsupported(method, `${method}() (it has no such method)`);
      fn.call(this.store, ...args, (error: unknown, value: T) => (error ? reject(error) : resolve(value)));
    });
  }

  private async read(key: string): Promise<SessionRecord | null> {
    try {
      return this.toRecord(await this.call<unknown>('get', key));
    } catch (error) {
      // express-session treats ENOENT (file stores) as "no session"; so do we.
      if ((error as { code?: unknown })?.code === 'ENOENT') return null;
      throw error;
    }
  }

  private write(key: string, record: SessionRecord): Promise<void> {
    return this.call<void>('set', key, this.toExpress(record));
  }

  private async rawAll(operation: string): Promise<Array<[string, unknown]>> {
    if (typeof this.store.all !== 'function') throw unsupported(operation, 'enumerate sessions (it has no all())');
    const result = await this.call<unknown>('all');
    if (Array.isArray(result)) {
      // Array-returning stores (connect-redis) add the sid as `id`; it is not session data.
      return result.map((item): [string, unknown] => {
        const field = isObject(item) ? (typeof item.id === 'string' ? 'id' : typeof item.sid === 'string' ? 'sid' : undefined) : undefined;
        if (!isObject(item) || field === undefined) throw unsupported(operation, 'enumerate sessions (its all() returns sessions without ids)');
        const { [field]: id, ...session } = item;
        return [id as string, session];
      });
    }
    return isObject(result) ? Object.entries(result) : [];
  }

  private toRecord(raw: unknown): SessionRecord | null {
    if (typeof raw === 'string') raw = JSON.parse(raw);
    if (!isObject(raw)) return null;
    const meta = readMeta(raw[SATCHEL_META_KEY]);
    const now = this.now();
    const expiresAt = meta?.e ?? expiresOf(raw.cookie) ?? now + this.defaultMaxAge;
    if (expiresAt <= now) return null;
    const data: JsonObject = {};
    for (const key of Object.keys(raw)) {
      if (key === SATCHEL_META_KEY || (meta?.s && key === 'cookie')) continue;
      defineData(data, key, raw[key]);
    }
    return {
      data: JSON.parse(JSON.stringify(data)) as JsonObject,
      expiresAt,
      createdAt: meta?.c ?? now,
      lastSeenAt: meta?.l ?? now,
      userId: meta?.u ?? null,
      userAgent: meta?.a ?? null,
    };
  }

  private toExpress(record: SessionRecord): JsonObject {
    const session: JsonObject = {};
    for (const key of Object.keys(record.data)) defineData(session, key, record.data[key]);
    const synthesized = !Object.hasOwn(record.data, 'cookie');
    if (synthesized) {
      session.cookie = { originalMaxAge: record.expiresAt - this.now(), expires: new Date(record.expiresAt).toISOString(), httpOnly: true, path: '/' };
    }
    const meta: SatchelMeta = { e: record.expiresAt, c: record.createdAt, l: record.lastSeenAt, u: record.userId, a: record.userAgent };
    if (synthesized) meta.s = true;
    defineData(session, SATCHEL_META_KEY, meta);
    // A JSON copy: in-memory express stores must not alias the caller's objects.
    return JSON.parse(JSON.stringify(session)) as JsonObject;
  }
}

function readMeta(value: unknown): SatchelMeta | undefined {
  if (!isObject(value)) return undefined;
  const { e, c, l, u, a, s } = value;
  if (typeof e !== 'number' || typeof c !== 'number' || typeof l !== 'number') return undefined;
  return {
    e,
    c,
    l,
    u: typeof u === 'string' ? u : null,
    a: typeof a === 'string' ? a : null,
    s: s === true,
  };
}
