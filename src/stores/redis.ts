/** `satchel/redis`: the Redis store for node-redis and ioredis, standalone or cluster. */
export { RedisStore, REDIS_STORE_DEFAULTS } from './redis/store.js';
export type { RedisStoreOptions } from './redis/store.js';
export type {
  RedisClientLike,
  NodeRedisClientLike,
  NodeRedisClusterLike,
  IoRedisLike,
  IoRedisClusterLike,
} from './redis/adapter.js';
