import assert from 'node:assert/strict';
import { EXPIRE_JUMP_MS, SHORT_MS, makeRecord, randomKey, seed, sorted, type AddCase, type CaseContext } from './kit.js';

/** Three live records and two that expire once the clock jumps (which it has, on return). */
async function populate({ store, clock }: CaseContext): Promise<{ live: string[]; expired: string[] }> {
  const live = [randomKey(), randomKey(), randomKey()];
  const expired = [randomKey(), randomKey()];
  for (const key of live) await seed(store, key, makeRecord(clock, { k: key }, { userId: key === live[0] ? 'u' : null }));
  for (const key of expired) await seed(store, key, makeRecord(clock, { k: key }, { expiresAt: clock.now() + SHORT_MS }));
  clock.advance(EXPIRE_JUMP_MS);
  return { live, expired };
}

/**
 * all/ids/length/clear/prune. These count everything a store owns, so the hook-up must give
 * every case an empty store (a fresh prefix/table, or `cleanup` that clears it).
 */
export function enumerationCases(add: AddCase): void {
  add(
    'all() lists every live record with its key and excludes expired ones',
    async (ctx) => {
      const { live } = await populate(ctx);
      const all = await ctx.store.all!();
      assert.deepEqual(sorted(all.map((e) => e.key), String), sorted(live, String));
      for (const { key, record } of all) assert.deepEqual(record, await ctx.store.get(key));
    },
    ['all'],
  );

  add(
    'ids() lists every live key and excludes expired ones',
    async (ctx) => {
      const { live } = await populate(ctx);
      assert.deepEqual(sorted(await ctx.store.ids!(), String), sorted(live, String));
    },
    ['ids'],
  );

  add(
    'length() counts live records only',
    async (ctx) => {
      await populate(ctx);
      assert.equal(await ctx.store.length!(), 3);
      await ctx.store.destroy(randomKey());
      assert.equal(await ctx.store.length!(), 3);
    },
    ['length'],
  );

  add(
    'clear() removes every record of this store',
    async (ctx) => {
      const { live, expired } = await populate(ctx);
      await ctx.store.clear!();
      for (const key of [...live, ...expired]) assert.equal(await ctx.store.get(key), null);
      // A cleared store keeps working.
      const key = randomKey();
      await seed(ctx.store, key, makeRecord(ctx.clock, { after: 'clear' }));
      assert.deepEqual((await ctx.store.get(key))?.data, { after: 'clear' });
    },
    ['clear'],
  );

  add(
    'enumeration agrees: all(), ids() and length() describe the same live set',
    async (ctx) => {
      await populate(ctx);
      const all = await ctx.store.all!();
      const ids = await ctx.store.ids!();
      assert.deepEqual(sorted(all.map((e) => e.key), String), sorted(ids, String));
      assert.equal(await ctx.store.length!(), ids.length);
    },
    ['all', 'ids', 'length'],
  );

  add(
    'prune() deletes expired records, keeps live ones and resolves to how many it deleted',
    async (ctx) => {
      const { live, expired } = await populate(ctx);
      assert.equal(await ctx.store.prune!(), expired.length);
      for (const key of live) assert.notEqual(await ctx.store.get(key), null);
      // A second run finds nothing left to delete.
      assert.equal(await ctx.store.prune!(), 0);
      for (const key of live) assert.deepEqual((await ctx.store.get(key))?.data, { k: key });
    },
    ['prune'],
  );
}
