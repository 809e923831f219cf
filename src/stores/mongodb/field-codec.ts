/**
 * Field names for session data keys. Each top-level data key becomes one field of the `data`
 * sub-document, so a patch is a plain `$set`/`$unset` of `data.<field>` and concurrent disjoint
 * patches cannot overwrite each other. MongoDB forbids or misreads some names in update paths
 * and documents (a leading `$`, any `.`, NUL, the empty name) and JavaScript gives `__proto__`
 * a meaning of its own, so those characters are percent-escaped. Ordinary keys stay readable:
 * `cart` is stored as `data.cart`.
 *
 * Format (version 1, frozen by test vectors): `%` → `%25`, `.` → `%2E`, NUL → `%00`, a leading
 * `$` → `%24`, a lone UTF-16 surrogate (not representable in BSON's UTF-8) → `%uD800`…, the key
 * `__proto__` → `%5F_proto__`, and the empty key → `%` (no other key encodes to a bare `%`).
 */

const EMPTY_KEY_FIELD = '%';
const ESCAPE = /%(?:u([0-9A-F]{4})|([0-9A-F]{2}))/g;
// `%`, `.`, NUL and lone surrogates anywhere; `$` only in first position.
const NEEDS_ESCAPE = /[%.\u0000]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|^\$/g;

function escapeUnit(char: string): string {
  const unit = char.charCodeAt(0);
  return unit < 0x100 ? `%${unit.toString(16).toUpperCase().padStart(2, '0')}` : `%u${unit.toString(16).toUpperCase()}`;
}

/** The `data` field name that stores the session key `key`. */
export function encodeField(key: string): string {
  if (key === '') return EMPTY_KEY_FIELD;
  if (key === '__proto__') return '%5F_proto__';
  return key.replace(NEEDS_ESCAPE, escapeUnit);
}

/** The session key stored under the `data` field name `field` (inverse of {@link encodeField}). */
export function decodeField(field: string): string {
  if (field === EMPTY_KEY_FIELD) return '';
  return field.replace(ESCAPE, (_, wide: string | undefined, narrow: string | undefined) =>
    String.fromCharCode(parseInt((wide ?? narrow)!, 16)),
  );
}
