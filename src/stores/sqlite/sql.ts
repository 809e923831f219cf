/** SQL text of the SQLite store; the table name is validated before it is spliced in. */

/** The subset of better-sqlite3's (and node:sqlite's) statement API the store uses. */
export interface SqliteStatementLike {
  run(...params: unknown[]): { changes: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

/**
 * The subset of a SQLite connection the store uses: better-sqlite3 12's `Database`, or
 * `DatabaseSync` from `node:sqlite` (Node 22.5+), or anything with the same shape.
 */
export interface SqliteDatabaseLike {
  prepare(sql: string): SqliteStatementLike;
  exec(sql: string): unknown;
}

export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export function schemaSql(table: string): string {
  return `
    CREATE TABLE IF NOT EXISTS "${table}" (
      key TEXT PRIMARY KEY NOT NULL,
      data TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      created_at INTEGER NOT NULL,
      last_seen_at INTEGER NOT NULL,
      user_id TEXT,
      user_agent TEXT
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS "${table}_expires_at" ON "${table}" (expires_at);
    CREATE INDEX IF NOT EXISTS "${table}_user_id" ON "${table}" (user_id) WHERE user_id IS NOT NULL;`;
}

const COLUMNS = 'data, expires_at, created_at, last_seen_at, user_id, user_agent';

/** Every statement, prepared once per store after the schema exists. */
export function prepareStatements(db: SqliteDatabaseLike, table: string) {
  const t = `"${table}"`;
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    get: db.prepare(`SELECT ${COLUMNS} FROM ${t} WHERE key = ? AND expires_at > ?`),
    // Create-only in one statement: inserts, or replaces a row only if it has expired.
    create: db.prepare(
      `INSERT INTO ${t} (key, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires_at = excluded.expires_at,
         created_at = excluded.created_at, last_seen_at = excluded.last_seen_at,
         user_id = excluded.user_id, user_agent = excluded.user_agent
       WHERE ${t}.expires_at <= ?`,
    ),
    readForUpdate: db.prepare(`SELECT data, user_id FROM ${t} WHERE key = ? AND expires_at > ?`),
    write: db.prepare(`UPDATE ${t} SET data = ?, expires_at = ?, last_seen_at = ?, user_id = ? WHERE key = ?`),
    destroy: db.prepare(`DELETE FROM ${t} WHERE key = ?`),
    touch: db.prepare(`UPDATE ${t} SET expires_at = ?, last_seen_at = ? WHERE key = ? AND expires_at > ?`),
    listByUser: db.prepare(
      `SELECT key, created_at, last_seen_at, expires_at, user_agent FROM ${t} WHERE user_id = ? AND expires_at > ?`,
    ),
    destroyByUser: db.prepare(`DELETE FROM ${t} WHERE user_id = ? AND key IS NOT ? AND expires_at > ?`),
    all: db.prepare(`SELECT key, ${COLUMNS} FROM ${t} WHERE expires_at > ?`),
    ids: db.prepare(`SELECT key FROM ${t} WHERE expires_at > ?`),
    length: db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE expires_at > ?`),
    clear: db.prepare(`DELETE FROM ${t}`),
    // Batched so one prune never holds the write lock for long.
    pruneBatch: db.prepare(`DELETE FROM ${t} WHERE key IN (SELECT key FROM ${t} WHERE expires_at <= ? LIMIT ?)`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

/** A row as selected with `COLUMNS`. */
export interface SessionRow {
  key?: string;
  data: string;
  expires_at: number | bigint;
  created_at: number | bigint;
  last_seen_at: number | bigint;
  user_id: string | null;
  user_agent: string | null;
}
