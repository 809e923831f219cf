import { SessionValueError } from '../errors.js';

/**
 * The JSON of one top-level session value, or a `SessionValueError` naming the key when JSON
 * cannot carry it: a BigInt or a cycle (JSON.stringify throws a bare TypeError), or a Map or Set
 * (JSON.stringify silently writes `{}` — the data would be lost on the next read). `undefined`
 * for a value JSON skips (undefined, a function), as express-session does.
 */
export function storableJson(key: string, value: unknown): string | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (error) {
    const found = findUnstorable(value);
    throw new SessionValueError(key, found?.path ?? '', found?.what ?? 'a value JSON.stringify refused', { cause: error });
  }
  // Every Map or Set shows up as `{}`, so only then is the value walked: the common write pays one scan.
  if (json !== undefined && json.includes('{}')) {
    const found = findUnstorable(value);
    if (found) throw new SessionValueError(key, found.path, found.what);
  }
  return json;
}

/** The JSON of a whole session object, key by key, with the same checks. */
export function storableObjectJson(data: object): string {
  let text = '{';
  for (const key of Object.keys(data)) {
    const json = storableJson(key, (data as Record<string, unknown>)[key]);
    if (json === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${json}`;
  }
  return `${text}}`;
}

interface Unstorable {
  path: string;
  what: string;
}

// Walks what JSON.stringify would walk (own enumerable keys; not into values with toJSON).
function findUnstorable(value: unknown, path = '', ancestors: object[] = []): Unstorable | null {
  if (typeof value === 'bigint') return { path, what: 'a BigInt' };
  if (value === null || typeof value !== 'object') return null;
  if (value instanceof Map) return { path, what: 'a Map' };
  if (value instanceof Set) return { path, what: 'a Set' };
  if (value instanceof WeakMap || value instanceof WeakSet) return { path, what: `a ${value.constructor.name}` };
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return null;
  if (ancestors.includes(value)) return { path, what: 'a reference back to an enclosing object (a cycle)' };
  ancestors.push(value);
  const keys = Array.isArray(value) ? value.keys() : Object.keys(value);
  for (const key of keys) {
    const found = findUnstorable((value as Record<string | number, unknown>)[key], path === '' ? String(key) : `${path}.${String(key)}`, ancestors);
    if (found) return found;
  }
  ancestors.pop();
  return null;
}
