/**
 * Deletes expired rows in bounded batches until a batch comes back short, so no single
 * statement holds row locks for long (an unbounded `DELETE … WHERE expires < ?` locks every
 * row it scans on InnoDB: express-mysql-session #106). `maxBatches` bounds one run; the next
 * run continues where it stopped.
 */
export async function pruneInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  batchSize: number,
  maxBatches = 1000,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const deleted = await deleteBatch(batchSize);
    total += deleted;
    if (deleted < batchSize) break;
  }
  return total;
}

/** A table-wide prune lock: `tryAcquire` never waits, it reports whether this process got it. */
export interface PruneLock {
  tryAcquire(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * One prune run by at most one process per table: concurrent runs would lock and scan the same
 * expired rows, so a process that finds the lock taken skips this run and resolves 0. Every batch
 * deletes below the same cutoff, read from `now` once the lock is held.
 */
export async function pruneUnderLock(
  lock: PruneLock,
  now: () => number,
  deleteBatch: (cutoff: number, limit: number) => Promise<number>,
  batchSize: number,
): Promise<number> {
  if (!(await lock.tryAcquire())) return 0;
  try {
    const cutoff = now();
    return await pruneInBatches((limit) => deleteBatch(cutoff, limit), batchSize);
  } finally {
    await lock.release();
  }
}
