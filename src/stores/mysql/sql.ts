/**
 * The SQL the MySQL/MariaDB store sends. Written for MariaDB 10.11 (tested) in forms MySQL 8
 * also accepts: no `VALUES()` upserts (deprecated in MySQL 8.0.20), no row aliases (MariaDB
 * lacks them), no `INSERT IGNORE` (it would turn real errors into warnings), no `RETURNING`
 * (MySQL lacks it). Times are BIGINT milliseconds from the Node clock: exact, free of the
 * server's time_zone and of TIMESTAMP's 2038 limit, identical on both servers.
 */

const RECORD_COLUMNS = 'data, expires_at, created_at, last_seen_at, user_id, user_agent';
const INFO_COLUMNS = 'session_key, created_at, last_seen_at, expires_at, user_agent';

/** Every statement for one table; `table` is an already quoted, validated name. Index names are per table in MySQL, so fixed. */
export function mysqlStatements(table: string) {
  return {
    charset: 'SELECT @@character_set_client AS client, @@character_set_connection AS connection, @@character_set_results AS results',
    // On MariaDB `JSON` is LONGTEXT with a JSON_VALID check; on MySQL a binary JSON column.
    createTable: `CREATE TABLE IF NOT EXISTS ${table} (
      session_key VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
      data JSON NOT NULL,
      expires_at BIGINT NOT NULL,
      created_at BIGINT NOT NULL,
      last_seen_at BIGINT NOT NULL,
      user_id VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
      user_agent TEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NULL,
      revision BIGINT UNSIGNED NOT NULL DEFAULT 0,
      PRIMARY KEY (session_key),
      KEY expires_at_idx (expires_at),
      KEY user_id_idx (user_id, expires_at)
    ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin`,
    tableExists: 'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?',
    get: `SELECT ${RECORD_COLUMNS} FROM ${table} WHERE session_key = ? AND expires_at > ?`,
    insert: `INSERT INTO ${table} (session_key, ${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    deleteExpired: `DELETE FROM ${table} WHERE session_key = ? AND expires_at <= ?`,
    // `revision` always changes, so affectedRows is 1 for a matched row whatever the client's
    // CLIENT_FOUND_ROWS flag and even when the patch rewrites identical values.
    update: (dataExpression: string, rebind: boolean) =>
      `UPDATE ${table} SET data = ${dataExpression}, expires_at = ?, last_seen_at = ?,${rebind ? ' user_id = ?,' : ''} revision = revision + 1
       WHERE session_key = ? AND expires_at > ?`,
    touch: `UPDATE ${table} SET expires_at = ?, last_seen_at = ?, revision = revision + 1 WHERE session_key = ? AND expires_at > ?`,
    destroy: `DELETE FROM ${table} WHERE session_key = ?`,
    listByUser: `SELECT ${INFO_COLUMNS} FROM ${table} WHERE user_id = ? AND expires_at > ? ORDER BY created_at, session_key`,
    destroyByUser: (except: boolean) =>
      `DELETE FROM ${table} WHERE user_id = ? AND expires_at > ?${except ? ' AND session_key <> ?' : ''}`,
    all: `SELECT session_key, ${RECORD_COLUMNS} FROM ${table} WHERE expires_at > ?`,
    ids: `SELECT session_key FROM ${table} WHERE expires_at > ?`,
    length: `SELECT COUNT(*) AS n FROM ${table} WHERE expires_at > ?`,
    clear: `DELETE FROM ${table}`,
    // Bounded and index-ordered, so each statement locks few rows for a short time.
    pruneBatch: `DELETE FROM ${table} WHERE expires_at <= ? ORDER BY expires_at LIMIT ?`,
    // Lock names are server-wide: qualify by database, hash to fit the 64-character limit.
    getLock: "SELECT GET_LOCK(CONCAT('satchel_prune_', LEFT(SHA2(CONCAT(DATABASE(), '.', ?), 256), 40)), 0) AS got",
    releaseLock: "SELECT RELEASE_LOCK(CONCAT('satchel_prune_', LEFT(SHA2(CONCAT(DATABASE(), '.', ?), 256), 40))) AS released",
  };
}

export type MysqlStatements = ReturnType<typeof mysqlStatements>;
