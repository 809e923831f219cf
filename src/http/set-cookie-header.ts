/**
 * Set-Cookie and Cache-Control on a response: the one merge rule both satchel modes use, and the
 * move of writeHead's own Set-Cookie values onto the response before a session cookie joins them.
 */

/** The response methods used to write cookie headers (Express, node:http and HTTP/2 compat). */
export interface HeaderTarget {
  getHeader(name: string): number | string | string[] | undefined;
  setHeader(name: string, value: number | string | readonly string[]): unknown;
}

function listOf(value: number | string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? [...value] : [String(value)];
}

function nameOf(line: string): string {
  return line.slice(0, line.indexOf('='));
}

// `private` already keeps the response out of shared caches, which is all CK-10 asks for.
const PRIVATE_ENOUGH = /\b(no-store|private)\b/i;

/**
 * Puts session Set-Cookie `lines` on the response: each replaces an earlier value for the same
 * cookie name and every other cookie stays (CK-11). With `noStore`, a response carrying them
 * becomes `Cache-Control: no-store` unless the app already chose `no-store` or `private`, so no
 * shared cache replays a session cookie (CK-10) and an app's stricter choice is kept.
 */
export function mergeSessionCookies(res: HeaderTarget, lines: readonly string[], noStore: boolean): void {
  if (lines.length === 0) return;
  const before = res.getHeader('set-cookie');
  // Nothing to merge with (the usual response): the lines go out as a copy, without the name set.
  if (before === undefined) res.setHeader('set-cookie', lines.slice());
  else {
    const names = new Set(lines.map(nameOf));
    const kept = listOf(before).filter((line) => !names.has(nameOf(line)));
    res.setHeader('set-cookie', [...kept, ...lines]);
  }
  if (noStore && !PRIVATE_ENOUGH.test(String(res.getHeader('cache-control') ?? ''))) res.setHeader('cache-control', 'no-store');
}

function collectCookies(into: string[], value: unknown): void {
  if (Array.isArray(value)) for (const item of value) into.push(String(item));
  else if (value !== undefined && value !== null) into.push(String(value));
}

/**
 * Moves the Set-Cookie values an app hands to `res.writeHead` onto the response's own list, and
 * leaves `args` (writeHead's arguments, edited in place) without them. Node lets writeHead's
 * headers override those set before (object form: `setHeader`; flat raw array: `removeHeader`
 * then append, or a fold that keeps only the last pair), which silently drops a session cookie
 * already on the response (T37, CK-11). Both forms are handled — `{ 'Set-Cookie': string |
 * string[] }` in any letter case, and `['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', …]` — and
 * every other header is passed through as the app wrote it. The app's object is copied, never
 * edited. The session writer runs afterwards and keeps exactly one cookie per session name.
 */
export function absorbWriteHeadCookies(res: HeaderTarget, args: unknown[]): void {
  const index = typeof args[1] === 'string' ? 2 : 1;
  const headers = args[index];
  if (headers === null || typeof headers !== 'object') return;
  const found: string[] = [];
  if (Array.isArray(headers)) {
    // An odd-length array is Node's to reject; nothing is moved.
    if (headers.length % 2 !== 0) return;
    const kept: unknown[] = [];
    for (let i = 0; i < headers.length; i += 2) {
      if (typeof headers[i] === 'string' && (headers[i] as string).toLowerCase() === 'set-cookie') collectCookies(found, headers[i + 1]);
      else kept.push(headers[i], headers[i + 1]);
    }
    if (kept.length === headers.length) return;
    args[index] = kept;
  } else {
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(headers)) {
      if (key.toLowerCase() !== 'set-cookie') continue;
      copy ??= { ...(headers as Record<string, unknown>) };
      collectCookies(found, copy[key]);
      delete copy[key];
    }
    if (copy === undefined) return;
    args[index] = copy;
  }
  if (found.length === 0) return;
  res.setHeader('set-cookie', [...listOf(res.getHeader('set-cookie')), ...found]);
}
