/**
 * Retries `probe` until it resolves, for up to 100 attempts `intervalMs` apart, and rethrows the
 * last failure. Reconnecting after a restored connection takes a driver-dependent while, so
 * recovery is awaited rather than timed.
 */
export async function eventually<T>(probe: () => Promise<T>, intervalMs = 100): Promise<T> {
  let last: unknown;
  for (let i = 0; i < 100; i++) {
    try {
      return await probe();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
  throw last;
}
