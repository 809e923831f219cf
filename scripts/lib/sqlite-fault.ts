/**
 * Fault injection for SQLite: a connection wrapper whose `cut()` reopens the same file read-only,
 * so every write fails with SQLite's own SQLITE_READONLY error — the file became unwritable —
 * while reads keep working; `restore()` goes back to the writable connection. Statements are
 * prepared lazily on whichever connection is current. (chmod cannot do this: the tests run as
 * root, and an open descriptor keeps its rights anyway.)
 */
import Database from 'better-sqlite3';
import type { SqliteDatabaseLike, SqliteStatementLike } from '../../src/stores/sqlite.js';

export class ReadonlyReopenDb implements SqliteDatabaseLike {
  private readonly writable: Database.Database;
  private readonly readonly: Database.Database;
  private current: Database.Database;
  private readonly cache = new Map<Database.Database, Map<string, Database.Statement>>();

  constructor(readonly file: string) {
    this.writable = new Database(file);
    // WAL first, so the read-only connection can read while the writable one is open.
    this.writable.pragma('journal_mode = WAL');
    this.readonly = new Database(file, { readonly: true });
    this.current = this.writable;
  }

  /** The file becomes unwritable for this process: writes fail with SQLITE_READONLY. */
  cut(): void {
    this.current = this.readonly;
  }

  restore(): void {
    this.current = this.writable;
  }

  private statement(sql: string): Database.Statement {
    let byDb = this.cache.get(this.current);
    if (!byDb) this.cache.set(this.current, (byDb = new Map()));
    let statement = byDb.get(sql);
    if (!statement) byDb.set(sql, (statement = this.current.prepare(sql)));
    return statement;
  }

  prepare(sql: string): SqliteStatementLike {
    return {
      run: (...params: unknown[]) => this.statement(sql).run(...params),
      get: (...params: unknown[]) => this.statement(sql).get(...params),
      all: (...params: unknown[]) => this.statement(sql).all(...params),
    };
  }

  exec(sql: string): unknown {
    // Pragmas the store sets go to both connections, so a restore finds them configured too.
    if (/^\s*PRAGMA busy_timeout/i.test(sql)) this.readonly.exec(sql);
    return this.current.exec(sql);
  }

  close(): void {
    this.readonly.close();
    this.writable.close();
  }
}
