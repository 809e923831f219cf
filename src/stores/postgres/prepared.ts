import { createHash } from 'node:crypto';
import type { PostgresStatements } from './sql.js';

/** A statement as the store sends it: `name` set means a server-side prepared statement. */
export interface Statement {
  readonly name: string | undefined;
  readonly text: string;
}

/** The statements a request or the session API can run; schema, lock and prune SQL stay unnamed. */
const PER_CALL = ['get', 'create', 'update', 'touch', 'destroy', 'listByUser', 'destroyByUser', 'all', 'ids', 'length', 'clear'] as const;

export type PreparedStatements = Record<(typeof PER_CALL)[number], Statement>;

/**
 * Names every per-call statement after a hash of its text, so each pooled connection parses and
 * plans it once instead of on every query: an unnamed statement is parsed, analysed and planned
 * anew each time, which for these statements costs the server more than running them. The name
 * is derived from the text, so two stores on one pool share a statement when their SQL is the
 * same and never collide when it differs (pg refuses one name for two texts). `prepared: false`
 * sends them unnamed, for poolers that cannot keep named statements (PgBouncer before 1.21 in
 * transaction mode).
 */
export function prepareStatements(sql: PostgresStatements, prepared: boolean): PreparedStatements {
  const entries = PER_CALL.map((key) => {
    const text = sql[key];
    const name = prepared ? `satchel_${createHash('sha256').update(text).digest('hex').slice(0, 32)}` : undefined;
    return [key, { name, text }] as const;
  });
  return Object.fromEntries(entries) as PreparedStatements;
}
