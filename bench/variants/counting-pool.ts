/**
 * A pg Pool whose clients count the queries they send: PostgreSQL round trips per request,
 * since pg_stat_statements is not installed and the server is shared with other work.
 */
import pg from 'pg';

/** The pool plus its running query count. */
export interface CountingPool {
  readonly pool: pg.Pool;
  readonly queries: number;
}

/** Creates a pool of at most `max` clients on `connectionString`, counting every `query` call. */
export function countingPool(connectionString: string, max = 10): CountingPool {
  const state = { queries: 0 };
  // Counting at the Client level sees pool.query and checked-out clients alike, each once.
  class CountingClient extends pg.Client {
    override query(...args: unknown[]): never {
      state.queries += 1;
      return (super.query as (...a: unknown[]) => never)(...args);
    }
  }
  const pool = new pg.Pool({ connectionString, max, Client: CountingClient });
  return {
    pool,
    get queries() {
      return state.queries;
    },
  };
}
