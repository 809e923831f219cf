import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createClient } from 'redis';
import { RedisStore } from '../../src/stores/redis.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';

const HOUR = 3_600_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The commands Redis executed for keys under `prefix` while `work` ran, scripts' inner calls
 * included (`lua:hset`), in order, read with MONITOR on the real server. Other clients share it,
 * so only lines naming this prefix count; an ECHO of an end marker tells when all have arrived.
 */
async function executed(client: ReturnType<typeof createClient>, prefix: string, work: () => Promise<unknown>): Promise<string[]> {
  const { hostname, port } = new URL(REDIS_URL);
  const socket = connect(Number(port || 6379), hostname);
  let text = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (text += chunk));
  await new Promise<void>((resolve, reject) => socket.once('error', reject).once('connect', resolve));
  socket.write('MONITOR\r\n');
  try {
    for (let i = 0; i < 200 && !text.startsWith('+OK'); i++) await sleep(5);
    await work();
    const marker = `${prefix}end`;
    await client.sendCommand(['ECHO', marker]);
    for (let i = 0; i < 400 && !text.includes(marker); i++) await sleep(5);
    const out: string[] = [];
    for (const line of text.split('\r\n')) {
      const match = /^\+\d+\.\d+ \[\d+ ([^\]]+)\] "([^"]+)"/.exec(line);
      const name = match?.[2]!.toLowerCase();
      if (!match || name === 'echo' || !line.includes(`"${prefix}`)) continue;
      out.push(match[1] === 'lua' ? `lua:${name}` : name!);
    }
    return out;
  } finally {
    socket.destroy();
  }
}

describe('RedisStore: the commands each operation costs Redis (MONITOR on the real server)', () => {
  let client: ReturnType<typeof createClient>;
  before(async () => {
    client = createClient({ url: REDIS_URL });
    await client.connect();
  });
  after(() => client?.quit());

  test('a read is one plain HGETALL; a one-key patch and a touch run HMGET, HSET, PEXPIREAT in their one script', async () => {
    const prefix = `${uniqueName('satchel_cmds')}:`;
    const store = new RedisStore({ client, prefix });
    const now = Date.now();
    try {
      await store.create('k', { data: { n: 1 }, expiresAt: now + HOUR, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
      // Scripts are loaded once (NOSCRIPT → EVAL) before counting.
      await store.update('k', { set: { n: 2 }, unset: [], expiresAt: now + HOUR, lastSeenAt: now });
      await store.touch('k', now + HOUR, now);

      assert.deepEqual(await executed(client, prefix, () => store.get('k')), ['hgetall']);
      assert.deepEqual(
        await executed(client, prefix, () => store.update('k', { set: { n: 3 }, unset: [], expiresAt: now + 2 * HOUR, lastSeenAt: now + 1 })),
        ['evalsha', 'lua:hmget', 'lua:hset', 'lua:pexpireat'],
      );
      assert.deepEqual(
        await executed(client, prefix, () => store.update('k', { set: {}, unset: ['n'], expiresAt: now + 2 * HOUR, lastSeenAt: now + 2 })),
        ['evalsha', 'lua:hmget', 'lua:hdel', 'lua:hset', 'lua:pexpireat'],
      );
      assert.deepEqual(await executed(client, prefix, () => store.touch('k', now + 3 * HOUR, now + 3)), ['evalsha', 'lua:hmget', 'lua:hset', 'lua:pexpireat']);
      // A session that is gone costs the live check only, and is never written.
      assert.deepEqual(
        await executed(client, prefix, () => store.update('gone', { set: { n: 1 }, unset: [], expiresAt: now + HOUR, lastSeenAt: now })),
        ['evalsha', 'lua:hmget'],
      );
      assert.equal(await client.exists(`${prefix}s:gone`), 0);
      const stored = await store.get('k');
      assert.deepEqual(stored?.data, {});
      assert.equal(stored?.expiresAt, now + 3 * HOUR);
    } finally {
      await store.clear();
    }
  });

  test('a hash in the layout earlier versions wrote reads, patches, rebinds and touches as before', async () => {
    const prefix = `${uniqueName('satchel_layout')}:`;
    const store = new RedisStore({ client, prefix, expiredGrace: 0 });
    const now = Date.now();
    const key = `${prefix}s:old`;
    try {
      // Written field by field as the 0.x create and update scripts left it (codec.ts layout).
      await client.sendCommand(['HSET', key, 'e', String(now + HOUR), 'c', String(now - 5), 'l', String(now - 1), 'u', 'alice', 'a', 'UA', 'd:cart', '["a"]', 'd:n', '7']);
      await client.sendCommand(['PEXPIREAT', key, String(now + HOUR)]);
      assert.deepEqual(await store.get('old'), {
        data: { cart: ['a'], n: 7 },
        expiresAt: now + HOUR,
        createdAt: now - 5,
        lastSeenAt: now - 1,
        userId: 'alice',
        userAgent: 'UA',
      });
      // Still bound to alice: the patch reports her, so her index follows the new expiry.
      assert.equal(await store.update('old', { set: { n: 8 }, unset: ['cart'], expiresAt: now + 2 * HOUR, lastSeenAt: now }), true);
      assert.equal(Number(await client.sendCommand(['ZSCORE', `${prefix}u:alice`, 'old'])), now + 2 * HOUR);
      await store.touch('old', now + 3 * HOUR, now + 1);
      assert.equal(Number(await client.sendCommand(['ZSCORE', `${prefix}u:alice`, 'old'])), now + 3 * HOUR);
      assert.equal(await store.update('old', { set: {}, unset: [], expiresAt: now + 3 * HOUR, lastSeenAt: now + 2, userId: 'bob' }), true);
      assert.deepEqual((await store.listByUser('bob')).map((info) => info.key), ['old']);
      assert.deepEqual(await store.listByUser('alice'), []);
      assert.equal(await store.update('old', { set: {}, unset: [], expiresAt: now + 3 * HOUR, lastSeenAt: now + 3, userId: null }), true);
      assert.deepEqual(await store.get('old'), { data: { n: 8 }, expiresAt: now + 3 * HOUR, createdAt: now - 5, lastSeenAt: now + 3, userId: null, userAgent: 'UA' });
      assert.equal(Number(await client.sendCommand(['PEXPIRETIME', key])), now + 3 * HOUR);
    } finally {
      await store.clear();
    }
  });

  test('a user id that looks like a script reply ("0", "1", "u…") is still reported as the bound user', async () => {
    const prefix = `${uniqueName('satchel_uid')}:`;
    const store = new RedisStore({ client, prefix });
    const now = Date.now();
    try {
      for (const userId of ['0', '1', 'u', 'u1']) {
        await store.create(userId, { data: {}, expiresAt: now + HOUR, createdAt: now, lastSeenAt: now, userId, userAgent: null });
        assert.equal(await store.update(userId, { set: { x: 1 }, unset: [], expiresAt: now + 2 * HOUR, lastSeenAt: now }), true);
        assert.equal(Number(await client.sendCommand(['ZSCORE', `${prefix}u:${userId}`, userId])), now + 2 * HOUR + 900_000);
        await store.touch(userId, now + 3 * HOUR, now);
        assert.equal(Number(await client.sendCommand(['ZSCORE', `${prefix}u:${userId}`, userId])), now + 3 * HOUR + 900_000);
      }
    } finally {
      await store.clear();
    }
  });
});
