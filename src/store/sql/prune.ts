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
