import { serializeCookie, type CookieAttributes } from './cookie-header.js';

/** The attributes of a Set-Cookie line that stay the same from one response to the next. */
export type FixedCookieAttributes = Omit<CookieAttributes, 'maxAge' | 'expires'>;

/** The fixed attribute text of one attribute set, as the `cookie` package spells it. */
interface AttributeText {
  /** `; Domain=…; Path=…`: what the package writes between Max-Age and Expires. */
  readonly middle: string;
  /** `; HttpOnly; Secure; …; SameSite=…`: what it writes after Expires. */
  readonly tail: string;
}

const texts = new Map<string, AttributeText>();
const TEXT_LIMIT = 64;
let last: (FixedCookieAttributes & { name: string; text: AttributeText }) | null = null;
const EXPIRES_MARKER = '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
// What encodeURIComponent leaves as it is: such a value (a signed id, a seal) goes out unchanged.
const PLAIN_VALUE = /^[A-Za-z0-9\-_.!~*'()]*$/;

// The session cookie goes out on many responses: its fixed attributes are serialized (and
// validated) once per attribute set instead of per response. The text comes from the `cookie`
// package itself, split around Expires, so spelling and validation stay its own.
function attributeText(name: string, fixed: FixedCookieAttributes): AttributeText {
  const { path, domain, httpOnly, secure, sameSite, partitioned, priority } = fixed;
  // Most responses repeat the previous attribute set: compared field by field, the cache id (a
  // string as long as the attributes) is built only when it changed.
  const l = last;
  if (
    l !== null &&
    l.name === name &&
    l.path === path &&
    l.domain === domain &&
    l.httpOnly === httpOnly &&
    l.secure === secure &&
    l.sameSite === sameSite &&
    l.partitioned === partitioned &&
    l.priority === priority
  ) {
    return l.text;
  }
  const id = `${name}\u0000${path}\u0000${domain}\u0000${httpOnly}\u0000${secure}\u0000${sameSite}\u0000${partitioned}\u0000${priority}`;
  let text = texts.get(id);
  if (text === undefined) {
    const probe = serializeCookie(name, '', { path, domain, httpOnly, secure, sameSite, partitioned, priority, expires: new Date(0) });
    const at = probe.indexOf(EXPIRES_MARKER);
    text = { middle: probe.slice(name.length + 1, at), tail: probe.slice(at + EXPIRES_MARKER.length) };
    if (texts.size >= TEXT_LIMIT) texts.clear();
    texts.set(id, text);
  }
  last = { name, path, domain, httpOnly, secure, sameSite, partitioned, priority, text };
  return text;
}

/**
 * The Set-Cookie line `serializeCookie` writes (value through `encodeURIComponent`, attributes in
 * the package's order and spelling), built from cached attribute text. Anything the package
 * would refuse (a non-integer Max-Age, an invalid date, a bad name) goes to it and throws there.
 */
export function setCookieLine(name: string, value: string, fixed: FixedCookieAttributes, maxAge?: number, expires?: Date): string {
  if ((maxAge !== undefined && !Number.isInteger(maxAge)) || (expires !== undefined && !Number.isFinite(expires.getTime()))) {
    return serializeCookie(name, value, { ...fixed, maxAge, expires });
  }
  const text = attributeText(name, fixed);
  let line = `${name}=${value === '' || PLAIN_VALUE.test(value) ? value : encodeURIComponent(value)}`;
  if (maxAge !== undefined) line += `; Max-Age=${maxAge}`;
  line += text.middle;
  if (expires !== undefined) line += `; Expires=${expires.toUTCString()}`;
  return line + text.tail;
}
