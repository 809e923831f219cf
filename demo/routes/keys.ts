const KEY = /^[\w .-]{1,40}$/;

/**
 * Whether the "set a variable" forms may write `key`: a short plain name that is not one of the
 * session object's methods or internals (`save`, `id`, `isNew`, `__proto__`, …) and not a key the
 * demo itself relies on. Assigning those would shadow a method or throw on a read-only property.
 */
export function isEditableKey(session: object, key: string, reserved: readonly string[] = []): boolean {
  if (!KEY.test(key) || key === '__proto__' || reserved.includes(key)) return false;
  if (!(key in session)) return true;
  return Object.getOwnPropertyDescriptor(session, key)?.enumerable === true;
}

/**
 * Session data as the pages show it: without `csrfSecret`, which csrf() keeps there. It is the
 * user's own, but a page has no reason to print what its tokens are made from.
 */
export function withoutCsrfSecret(data: Record<string, unknown>): Record<string, unknown> {
  const { csrfSecret: _secret, ...shown } = data;
  return shown;
}
