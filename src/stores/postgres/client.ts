import type { Pool, PoolClient } from 'pg';

/**
 * Runs `work` on one pooled connection (advisory locks are per session). The connection gets an
 * error listener while checked out, because pg emits `error` on a client whose socket dies and an
 * unheard `error` event would end the process; a connection that failed is discarded, not reused.
 */
export async function withClient<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const ignore = () => {};
  client.on('error', ignore);
  let failure: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', ignore);
    client.release(failure);
  }
}
