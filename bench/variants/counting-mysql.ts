/**
 * A mysql2 pool whose connections count the statements they send: MySQL/MariaDB round trips per
 * request, counted the way counting-pool.ts counts PostgreSQL's.
 */
import mysql from 'mysql2';

/** The callback pool (satchel's MysqlStore takes it as is; peers take `pool.promise()`) plus its running count. */
export interface CountingMysqlPool {
  readonly pool: mysql.Pool;
  readonly queries: number;
}

type Sender = (...args: unknown[]) => unknown;

/** Creates a pool of at most `max` connections on `uri`, counting every `query` and `execute`. */
export function countingMysqlPool(uri: string, max = 10): CountingMysqlPool {
  const state = { queries: 0 };
  const pool = mysql.createPool({ uri, connectionLimit: max });
  // Pool.query/execute and the promise wrapper all end in the pooled connection's own methods.
  pool.on('connection', (connection) => {
    const target = connection as unknown as Record<'query' | 'execute', Sender>;
    for (const method of ['query', 'execute'] as const) {
      const send = target[method];
      target[method] = function counted(this: unknown, ...args: unknown[]) {
        state.queries += 1;
        return send.apply(this, args);
      };
    }
  });
  return {
    pool,
    get queries() {
      return state.queries;
    },
  };
}
