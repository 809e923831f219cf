import { randomFillSync } from 'node:crypto';

const POOL_DRAWS = 128;

/**
 * A CSPRNG source that calls `randomFillSync` once per 128 draws instead of `randomBytes` per
 * draw (each call costs about as much as the work it feeds: an AES-GCM seal, a session id).
 * Every byte is handed out once; the returned view is overwritten after the pool refills, so
 * callers encode or copy it before their next draw.
 */
export function pooledRandom(): (size: number) => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (size) => {
    if (offset + size > pool.length) {
      pool = randomFillSync(Buffer.allocUnsafe(Math.max(size * POOL_DRAWS, 4096)));
      offset = 0;
    }
    const out = pool.subarray(offset, offset + size);
    offset += size;
    return out;
  };
}
