import type { Collection, Db } from 'mongodb';
import { SessionOptionsError, type SessionStoreError } from '../../errors.js';
import { DEFAULT_OPERATION_TIMEOUT } from '../../operation.js';
import type { StoreBaseOptions } from '../../types.js';
import type { MongoSessionDocument } from './document.js';

/**
 * Where the sessions live: a collection you opened, or a database and a collection name.
 * satchel never opens or closes the client.
 */
export type MongoStoreSource =
  | { collection: Collection<MongoSessionDocument> | Collection; db?: undefined; collectionName?: undefined }
  | { db: Db; collectionName?: string; collection?: undefined };

/** Options of `MongoStore`. */
export interface MongoStoreOptions extends StoreBaseOptions {
  /**
   * Create the TTL index on `expiresAt` and the index on `userId` in the background. Turn it off
   * when the application's database user may not create indexes and an administrator creates
   * them (see `MONGO_INDEXES`); expired sessions are still never served.
   * @default true
   */
  createIndexes?: boolean;
  /**
   * Milliseconds before the first retry of a failed index creation; each further failure doubles
   * the wait, up to one hour.
   * @default 30000
   */
  indexRetryDelay?: number;
  /**
   * Receives background failures (index creation) that no caller is waiting for. They never
   * crash the process and never break other operations.
   * @default process.emitWarning
   */
  onError?: (error: SessionStoreError) => void;
}

/** Defaults of {@link MongoStoreOptions} and the source. */
export const MONGO_STORE_DEFAULTS = Object.freeze({
  collectionName: 'sessions',
  operationTimeout: DEFAULT_OPERATION_TIMEOUT,
  createIndexes: true,
  indexRetryDelay: 30_000,
  maxIndexRetryDelay: 3_600_000,
});

/** Options after validation. */
export interface ResolvedMongoOptions {
  collection: Collection<MongoSessionDocument>;
  operationTimeout: number;
  now: () => number;
  createIndexes: boolean;
  indexRetryDelay: number;
  onError: (error: SessionStoreError) => void;
}

const COLLECTION_METHODS = ['findOne', 'find', 'insertOne', 'replaceOne', 'updateOne', 'deleteOne', 'deleteMany', 'countDocuments', 'createIndexes'] as const;

function fail(message: string): never {
  throw new SessionOptionsError(`MongoStore: ${message}`);
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function resolveCollection(source: MongoStoreSource): Collection<MongoSessionDocument> {
  if (source === null || typeof source !== 'object') {
    fail("pass { collection } (db.collection('sessions')) or { db } from the official mongodb driver");
  }
  if (source.collection !== undefined && source.db !== undefined) fail('pass either collection or db, not both');
  let collection: unknown = source.collection;
  if (source.db !== undefined) {
    const name = source.collectionName ?? MONGO_STORE_DEFAULTS.collectionName;
    if (typeof name !== 'string' || name === '' || name.includes('$') || name.includes('\0') || name.startsWith('system.')) {
      fail(`collectionName must be a non-empty name without "$" or NUL that does not start with "system.", got ${JSON.stringify(name)}`);
    }
    if (typeof source.db.collection !== 'function') fail('db must be a Db from the official mongodb driver (client.db(name))');
    collection = source.db.collection(name);
  }
  const missing = COLLECTION_METHODS.filter((method) => typeof (collection as Record<string, unknown> | undefined)?.[method] !== 'function');
  if (collection === undefined || missing.length > 0) {
    fail(`collection must be a Collection from the official mongodb driver (db.collection('sessions'))${collection === undefined ? '' : `; it lacks ${missing.join(', ')}`}`);
  }
  return collection as Collection<MongoSessionDocument>;
}

function defaultOnError(error: SessionStoreError): void {
  process.emitWarning(error);
}

/** Validates the constructor arguments, throwing a `SessionOptionsError` that says how to fix them. */
export function resolveMongoOptions(source: MongoStoreSource, options: MongoStoreOptions = {}): ResolvedMongoOptions {
  if (options.now !== undefined && typeof options.now !== 'function') fail('now must be a function returning milliseconds since the epoch');
  if (options.onError !== undefined && typeof options.onError !== 'function') fail('onError must be a function');
  return {
    collection: resolveCollection(source),
    operationTimeout: positive('operationTimeout', options.operationTimeout ?? MONGO_STORE_DEFAULTS.operationTimeout),
    now: options.now ?? Date.now,
    createIndexes: options.createIndexes ?? MONGO_STORE_DEFAULTS.createIndexes,
    indexRetryDelay: positive('indexRetryDelay', options.indexRetryDelay ?? MONGO_STORE_DEFAULTS.indexRetryDelay),
    onError: options.onError ?? defaultOnError,
  };
}
