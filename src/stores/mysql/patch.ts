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
 * objects instead of replacing them. So each set key is `JSON_SET` to `JSON_EXTRACT(patch, path)`
 * of the whole patch document (a JSON value on both servers, so strings are not re-quoted and
 * `null` stays JSON null), then `JSON_REMOVE` drops the unset keys.
 */
export function patchExpression(patch: Pick<SessionPatch, 'set' | 'unset'>): { sql: string; params: unknown[] } {
  let sql = 'data';
  const params: unknown[] = [];
  const setKeys = Object.keys(patch.set);
  if (setKeys.length > 0) {
    const document = JSON.stringify(patch.set);
    sql = `JSON_SET(${sql}${', ?, JSON_EXTRACT(?, ?)'.repeat(setKeys.length)})`;
    for (const key of setKeys) params.push(keyPath(key), document, keyPath(key));
  }
  if (patch.unset.length > 0) {
    sql = `JSON_REMOVE(${sql}${', ?'.repeat(patch.unset.length)})`;
    for (const key of patch.unset) params.push(keyPath(key));
  }
  return { sql, params };
}
