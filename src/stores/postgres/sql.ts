/**
 * The SQL the PostgreSQL store sends. Times cross the wire as milliseconds from the Node clock
 * (never the database's `now()`: connect-pg-simple #25) and are stored as `timestamptz`, so the
 * table stays readable to admins and immune to the server's TimeZone setting.
 */

/** Milliseconds → timestamptz; microsecond rounding makes every integer millisecond exact. */
const ts = (param: number): string => `to_timestamp($${param}::float8 / 1000)`;
/** timestamptz → milliseconds as float8, which `pg` returns as a JS number whatever the app's type parsers. */
const ms = (column: string): string => `round(extract(epoch from ${column}) * 1000)::float8`;

const RECORD_COLUMNS = `data::text AS data, ${ms('expires_at')} AS expires_at, ${ms('created_at')} AS created_at, ${ms('last_seen_at')} AS last_seen_at, user_id, user_agent`;
const INFO_COLUMNS = `key, ${ms('created_at')} AS created_at, ${ms('last_seen_at')} AS last_seen_at, ${ms('expires_at')} AS expires_at, user_agent`;

/** Every statement for one table; `table` is an already quoted, validated name. */
export function postgresStatements(table: string, indexPrefix: string) {
  return {
    createTable: `CREATE TABLE IF NOT EXISTS ${table} (
      key text PRIMARY KEY,
      data jsonb NOT NULL,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL,
      last_seen_at timestamptz NOT NULL,
      user_id text,
      user_agent text
    )`,
    createExpiryIndex: `CREATE INDEX IF NOT EXISTS "${indexPrefix}_expires_at_idx" ON ${table} (expires_at)`,
    createUserIndex: `CREATE INDEX IF NOT EXISTS "${indexPrefix}_user_id_idx" ON ${table} (user_id) WHERE user_id IS NOT NULL`,
    get: `SELECT ${RECORD_COLUMNS} FROM ${table} WHERE key = $1 AND expires_at > ${ts(2)}`,
    // One statement: a live row blocks the insert (no row affected), an expired one is replaced.
    create: `INSERT INTO ${table} AS t (key, data, expires_at, created_at, last_seen_at, user_id, user_agent)
      VALUES ($1, $2::jsonb, ${ts(3)}, ${ts(4)}, ${ts(5)}, $6, $7)
      ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data, expires_at = EXCLUDED.expires_at,
        created_at = EXCLUDED.created_at, last_seen_at = EXCLUDED.last_seen_at,
        user_id = EXCLUDED.user_id, user_agent = EXCLUDED.user_agent
      WHERE t.expires_at <= ${ts(8)}`,
    // jsonb `||` is shallow (a set key is replaced whole) and keeps JSON null as a value; `- text[]` removes keys.
    update: `UPDATE ${table} SET data = (data || $2::jsonb) - $3::text[], expires_at = ${ts(4)}, last_seen_at = ${ts(5)},
        user_id = CASE WHEN $6::boolean THEN $7::text ELSE user_id END
      WHERE key = $1 AND expires_at > ${ts(8)}`,
    touch: `UPDATE ${table} SET expires_at = ${ts(2)}, last_seen_at = ${ts(3)} WHERE key = $1 AND expires_at > ${ts(4)}`,
    destroy: `DELETE FROM ${table} WHERE key = $1`,
    listByUser: `SELECT ${INFO_COLUMNS} FROM ${table} WHERE user_id = $1 AND expires_at > ${ts(2)} ORDER BY created_at, key`,
    destroyByUser: `DELETE FROM ${table} WHERE user_id = $1 AND ($2::text IS NULL OR key <> $2::text) RETURNING expires_at > ${ts(3)} AS live`,
    all: `SELECT key, ${RECORD_COLUMNS} FROM ${table} WHERE expires_at > ${ts(1)}`,
    ids: `SELECT key FROM ${table} WHERE expires_at > ${ts(1)}`,
    length: `SELECT count(*)::int AS n FROM ${table} WHERE expires_at > ${ts(1)}`,
    clear: `DELETE FROM ${table}`,
    // Bounded batch; SKIP LOCKED lets pruning step around rows a request is writing right now.
    pruneBatch: `DELETE FROM ${table} WHERE key IN (
        SELECT key FROM ${table} WHERE expires_at <= ${ts(1)} LIMIT $2 FOR UPDATE SKIP LOCKED
      ) AND expires_at <= ${ts(1)}`,
    tryLock: 'SELECT pg_try_advisory_lock($1::bigint) AS locked',
    unlock: 'SELECT pg_advisory_unlock($1::bigint)',
    xactLock: 'SELECT pg_advisory_xact_lock($1::bigint)',
    exists: 'SELECT to_regclass($1) IS NOT NULL AS present',
  };
}

export type PostgresStatements = ReturnType<typeof postgresStatements>;
