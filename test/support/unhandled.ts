/**
 * Records every unhandled rejection of this test process. Outage tests assert the list stays
 * empty: a store failure must reach the caller (or `onError`), never escape as a stray promise.
 */
export function collectUnhandledRejections(): unknown[] {
  const unhandled: unknown[] = [];
  process.on('unhandledRejection', (reason) => unhandled.push(reason));
  return unhandled;
}
