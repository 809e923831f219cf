/**
 * Encryption at rest on MongoStore. The build machines have no MongoDB server
 * (docs/mongodb-testing.md), so two layers, as for the store itself:
 * - always: every document and update the store SENDS to MongoDB, recorded by the test-only
 *   collection mock, holds no trace of the data, the user id or the user agent — what a server
 *   would write to disk is what it was sent;
 * - with MONGODB_URL: the raw documents read back from a real server, after an app stored a marker.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { MongoClient } from 'mongodb';
import { MongoStore } from '../../src/stores/mongodb.js';
import { recordingCollectionMock } from '../../src/stores/mongodb/recording-collection-mock.js';
import { sealedAtRest } from '../../src/lifecycle/stored/at-rest-store.js';
import { createAtRestCipher } from '../../src/crypto/at-rest.js';
import type { SessionRecord } from '../../src/types.js';
import { expressHarness } from '../edges/harness/express.js';
import { Client } from '../edges/client.js';
import { MONGODB_URL, uniqueName } from '../support/servers.js';

const SECRET = 'at-rest-secret-' + randomBytes(24).toString('base64url');
const newKey = () => randomBytes(32).toString('base64url');
const marker = () => `marker-${randomBytes(6).toString('hex')}`;

test('MongoStore with encryption: what the store sends to MongoDB (mock-recorded) names no data, user or user agent', async () => {
  const mock = recordingCollectionMock();
  const store = sealedAtRest(new MongoStore({ collection: mock.collection }), createAtRestCipher([newKey()]), { write: true });
  const mark = marker();
  const key = randomBytes(32).toString('hex');
  const now = Date.now();
  const record: SessionRecord = {
    data: { email: `${mark}@example.com`, cart: [`${mark}-item`], passport: { user: `user-${mark}` } },
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + 60_000,
    userId: `user-${mark}`,
    userAgent: `Agent-${mark}`,
  };
  assert.equal(await store.create(key, record), true);
  assert.equal(await store.update(key, { set: { note: `${mark}-note` }, unset: [], expiresAt: now + 90_000, lastSeenAt: now + 1, userId: `other-${mark}` }), true);
  await store.listByUser?.(`user-${mark}`);
  await store.destroyByUser?.(`user-${mark}`);

  // What is written: insertOne, replaceOne, updateOne. (listByUser/destroyByUser also look up the
  // plain id, for sessions stored before encryption was turned on: a query, never stored.)
  const written = JSON.stringify(mock.operations().filter((call) => ['insertOne', 'replaceOne', 'updateOne'].includes(call.method)).map((call) => call.args));
  assert.ok(mock.argsOf('insertOne').length === 1 && mock.argsOf('updateOne').length === 1, `insert and update reached the collection: ${written}`);
  assert.match(written, /\$sealed/, 'the values travel sealed');
  assert.doesNotMatch(written, new RegExp(mark), 'a marker travels in the clear');
  const lookups = mock.argsOf('find').map((args) => JSON.stringify(args[0]));
  assert.ok(lookups[0]?.includes('"u1.'), `the user is looked up by its keyed hash first: ${lookups.join(' ')}`);
});

test('MongoStore with encryption: a session written through the app reaches MongoDB sealed (mock-recorded)', async () => {
  const mock = recordingCollectionMock();
  const server = await expressHarness.start('stored', { secret: SECRET, store: new MongoStore({ collection: mock.collection }), encryption: { keys: [newKey()] } });
  try {
    const mark = marker();
    const client = new Client(server.url);
    await client.post(`/login?user=user-${mark}`, { headers: { 'user-agent': `Agent-${mark}` } });
    const [inserted] = mock.argsOf('insertOne');
    assert.ok(inserted, 'the login created a session');
    const sent = JSON.stringify(inserted);
    assert.match(sent, /\$sealed/);
    assert.doesNotMatch(sent, new RegExp(mark), `the user id or agent travels in the clear: ${sent}`);
  } finally {
    await server.close();
  }
});

if (MONGODB_URL === undefined) {
  console.log('encryption at rest NOT read back from a MongoDB server: MONGODB_URL is not set (see docs/mongodb-testing.md)');
} else {
  const url = MONGODB_URL;
  test('MongoStore with encryption: the raw documents on a real server hold no trace of the data, the user id or the user agent', async () => {
    const mongo = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    const collection = mongo.db().collection(uniqueName('satchel_rest'));
    const server = await expressHarness.start('stored', { secret: SECRET, store: new MongoStore({ collection }), encryption: { keys: [newKey()] } });
    try {
      const mark = marker();
      const client = new Client(server.url);
      await client.post(`/login?user=user-${mark}`, { headers: { 'user-agent': `Agent-${mark}` } });
      await client.post(`/set?k=email&v=${mark}@example.com`);
      const dump = JSON.stringify(await collection.find({}).toArray());
      assert.ok(dump.length > 100, `nothing stored? ${dump}`);
      assert.doesNotMatch(dump, new RegExp(mark));
      assert.deepEqual((await client.read()).data, { email: `${mark}@example.com` });
    } finally {
      await server.close();
      await collection.drop().catch(() => {});
      await mongo.close();
    }
  });
}
