import type { SessionPatch } from '../../types.js';

/**
 * A JSON path naming one top-level key. The key is written as a JSON string literal, which both
 * MySQL and MariaDB accept inside `$."…"` (quotes, backslashes, dots, spaces, unicode, `__proto__`
 * and the empty key all verified on MariaDB 10.11). Paths travel as bound parameters, never as SQL.
 */
export function keyPath(key: string): string {
  return `$.${JSON.stringify(key)}`;
}

/**
 * The `data = …` expression and its parameters for one patch, applied in one statement.
 * `JSON_MERGE_PATCH` is unusable: it deletes keys whose new value is `null` and merges nested
 * objects instead of replacing them. So each set key is `JSON_SET` to `JSON_EXTRACT(?, '$[0]')`
 * of its own value wrapped in a one-element array (a JSON value on both servers, so strings are
 * not re-quoted and `null` stays JSON null), then `JSON_REMOVE` drops the unset keys. Each value
 * travels once: extracting every key from one shared patch document sent that document once per
 * key, so a patch's size grew with keys × size (audit finding 3).
 */
export function patchExpression(patch: Pick<SessionPatch, 'set' | 'unset'>): { sql: string; params: unknown[] } {
  let sql = 'data';
  const params: unknown[] = [];
  const setKeys = Object.keys(patch.set);
  if (setKeys.length > 0) {
    sql = `JSON_SET(${sql}${", ?, JSON_EXTRACT(?, '$[0]')".repeat(setKeys.length)})`;
    // What JSON cannot hold (undefined, a function) becomes null, as it did inside the whole document.
    for (const key of setKeys) params.push(keyPath(key), `[${JSON.stringify(patch.set[key]) ?? 'null'}]`);
  }
  if (patch.unset.length > 0) {
    sql = `JSON_REMOVE(${sql}${', ?'.repeat(patch.unset.length)})`;
    for (const key of patch.unset) params.push(keyPath(key));
  }
  return { sql, params };
}
