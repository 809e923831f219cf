/** The Redis floor's store: one GET per request, one SET … PX per change (node-redis 5); Redis expires the key. */
import type { createClient } from 'redis';
import type { FloorStore } from './stored.js';

export function redisStore(client: ReturnType<typeof createClient>, prefix: string): FloorStore {
  return {
    get: async (key) => (await client.get(prefix + key)) ?? undefined,
    async set(key, json, ttlMs) {
      await client.set(prefix + key, json, { expiration: { type: 'PX', value: ttlMs } });
    },
  };
}
