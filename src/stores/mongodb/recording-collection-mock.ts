import type { Collection } from 'mongodb';
import type { MongoSessionDocument } from './document.js';

/**
 * TEST-ONLY MOCK (no MongoDB server exists on the build machines): a stand-in collection that
 * records every call the store makes and answers with scripted results. It checks the exact
 * filters and update documents satchel sends; it does not evaluate them, so it proves nothing
 * about MongoDB's behaviour. That is the job of the MONGODB_URL integration test.
 */

export const MOCKED_METHODS = ['findOne', 'find', 'insertOne', 'replaceOne', 'updateOne', 'deleteOne', 'deleteMany', 'countDocuments', 'createIndexes'] as const;
export type MockedMethod = (typeof MOCKED_METHODS)[number];

export interface RecordedCall {
  method: MockedMethod;
  args: unknown[];
}

type Script = Partial<Record<MockedMethod, (...args: unknown[]) => unknown>>;

const DEFAULT_ANSWERS: Record<MockedMethod, (...args: unknown[]) => unknown> = {
  findOne: async () => null,
  find: () => ({ toArray: async () => [] }),
  insertOne: async (doc) => ({ acknowledged: true, insertedId: (doc as { _id: unknown })._id }),
  replaceOne: async () => ({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null }),
  updateOne: async () => ({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0, upsertedId: null }),
  deleteOne: async () => ({ acknowledged: true, deletedCount: 1 }),
  deleteMany: async () => ({ acknowledged: true, deletedCount: 0 }),
  countDocuments: async () => 0,
  createIndexes: async () => ['expiresAt_1', 'userId_1'],
};

/** A recording collection mock; `script` overrides the answer of any method. */
export function recordingCollectionMock(script: Script = {}) {
  const calls: RecordedCall[] = [];
  const answers: Script = { ...script };
  const target: Record<string, unknown> = {};
  for (const method of MOCKED_METHODS) {
    target[method] = (...args: unknown[]) => {
      calls.push({ method, args });
      return (answers[method] ?? DEFAULT_ANSWERS[method])(...args);
    };
  }
  return {
    collection: target as unknown as Collection<MongoSessionDocument>,
    calls,
    /** Replaces the answer of one method from now on. */
    answer(method: MockedMethod, fn: (...args: unknown[]) => unknown): void {
      answers[method] = fn;
    },
    /** The arguments of every call to `method`, in order. */
    argsOf(method: MockedMethod): unknown[][] {
      return calls.filter((call) => call.method === method).map((call) => call.args);
    },
    /** The calls other than background index creation. */
    operations(): RecordedCall[] {
      return calls.filter((call) => call.method !== 'createIndexes');
    },
  };
}

/** A cursor answer for `find`. */
export function cursorOf(docs: unknown[]): { toArray: () => Promise<unknown[]> } {
  return { toArray: async () => docs };
}

/** A driver-shaped duplicate-key error (MongoServerError code 11000). */
export function duplicateKeyError(): Error {
  return Object.assign(new Error('E11000 duplicate key error collection: test.sessions index: _id_'), { name: 'MongoServerError', code: 11000 });
}
