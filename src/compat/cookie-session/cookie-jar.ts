import { OutgoingMessage, type IncomingMessage, type ServerResponse } from 'node:http';
import { isSecure } from '../../http/secure.js';
import type { KeygripLike } from './keys.js';

/**
 * The cookie attributes cookie-session passes through (the `cookies@0.9` option names). The
 * object may carry them on its prototype chain: they are read with `for…in`, like upstream.
 */
export interface DropInCookieAttributes {
  path?: string;
  domain?: string;
  expires?: Date;
  maxAge?: number | null;
  httpOnly?: boolean;
  secure?: boolean;
  /** @deprecated kept because cookie-session still honours it. */
  secureProxy?: boolean;
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  partitioned?: boolean;
  priority?: 'low' | 'medium' | 'high';
  overwrite?: boolean;
  signed?: boolean;
  [key: string]: unknown;
}

type Req = IncomingMessage & { protocol?: string };
type Res = ServerResponse & { set?: unknown };

const FIELD_CONTENT = /^[\u0009\u0020-\u007e\u0080-\u00ff]+$/;
const RESTRICTED_NAME = /[;=]/;
const RESTRICTED_VALUE = /[;]/;
const PRIORITY = /^(?:low|medium|high)$/i;
const SAME_SITE = /^(?:lax|none|strict)$/i;
const REGEXP_SPECIALS = /[\^$\\.*+?()[\]{}|]/g;

// Attribute defaults of an outgoing cookie, used as its prototype. Not frozen: a frozen
// prototype makes the assignments on the cookie itself throw in strict mode.
const COOKIE_DEFAULTS = {
  path: '/',
  expires: undefined,
  domain: undefined,
  httpOnly: true,
  partitioned: false,
  priority: undefined,
  sameSite: false,
  secure: false,
  overwrite: false,
};

/**
 * Whether a Path or Domain value can go into a Set-Cookie line as it is. cookies@0.9 lets ";"
 * through, so a value taken from the request could append attributes of its own (a Domain, an
 * Expires, SameSite=None): refused here, unlike upstream.
 */
export function isSafeAttribute(value: unknown): boolean {
  const text = String(value);
  return FIELD_CONTENT.test(text) && !text.includes(';');
}

interface OutgoingCookie extends DropInCookieAttributes {
  name: string;
  value: string;
}

function makeCookie(name: string, value: string | null, attrs: DropInCookieAttributes | undefined): OutgoingCookie {
  if (!FIELD_CONTENT.test(name) || RESTRICTED_NAME.test(name)) throw new TypeError('argument name is invalid');
  if (value && (!FIELD_CONTENT.test(value) || RESTRICTED_VALUE.test(value))) {
    throw new TypeError('argument value is invalid');
  }
  const cookie = Object.create(COOKIE_DEFAULTS) as OutgoingCookie;
  cookie.name = name;
  cookie.value = value || '';
  // for…in on purpose: options arrive as Object.create(options) and live on the prototype.
  for (const key in attrs) cookie[key] = attrs[key];
  if (!cookie.value) {
    cookie.expires = new Date(0);
    cookie.maxAge = null;
  }
  if (cookie.path && !isSafeAttribute(cookie.path)) throw new TypeError('option path is invalid');
  if (cookie.domain && !isSafeAttribute(cookie.domain)) throw new TypeError('option domain is invalid');
  const maxAge = cookie.maxAge;
  if (typeof maxAge === 'number' ? !Number.isFinite(maxAge) : maxAge) throw new TypeError('option maxAge is invalid');
  if (cookie.priority && !PRIORITY.test(cookie.priority)) throw new TypeError('option priority is invalid');
  const sameSite = cookie.sameSite;
  if (sameSite && sameSite !== true && !SAME_SITE.test(sameSite)) throw new TypeError('option sameSite is invalid');
  return cookie;
}

function toHeader(cookie: OutgoingCookie): string {
  let header = `${cookie.name}=${cookie.value}`;
  if (cookie.maxAge) cookie.expires = new Date(Date.now() + cookie.maxAge);
  if (cookie.path) header += `; path=${cookie.path}`;
  if (cookie.expires) header += `; expires=${cookie.expires.toUTCString()}`;
  if (cookie.domain) header += `; domain=${cookie.domain}`;
  if (cookie.priority) header += `; priority=${cookie.priority.toLowerCase()}`;
  if (cookie.sameSite) header += `; samesite=${cookie.sameSite === true ? 'strict' : cookie.sameSite.toLowerCase()}`;
  if (cookie.secure) header += '; secure';
  if (cookie.httpOnly) header += '; httponly';
  if (cookie.partitioned) header += '; partitioned';
  return header;
}

function pushCookie(headers: string[], cookie: OutgoingCookie): void {
  if (cookie.overwrite) {
    for (let i = headers.length - 1; i >= 0; i--) {
      if (headers[i].startsWith(`${cookie.name}=`)) headers.splice(i, 1);
    }
  }
  headers.push(toHeader(cookie));
}

const patterns = new Map<string, RegExp>();
function patternFor(name: string): RegExp {
  let pattern = patterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`(?:^|;) *${name.replace(REGEXP_SPECIALS, '\\$&')}=([^;]*)`);
    patterns.set(name, pattern);
  }
  return pattern;
}

/**
 * The value of the first `name=` cookie in a Cookie header, surrounding quotes removed, the
 * way cookies.js finds it (no decoding, no signature check).
 */
export function readRawCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const match = patternFor(name).exec(header);
  if (!match) return undefined;
  const value = match[1];
  return value[0] === '"' ? value.slice(1, -1) : value;
}

/** What a signed read found. `resign` is the fresh `.sig` when an older key verified. */
export interface CookieRead {
  value: string | undefined;
  resign?: string;
}

/**
 * Reads and writes cookies exactly as `cookies@0.9.1` does for cookie-session: first match of
 * `name=` in the Cookie header, `<name>.sig` verified over `name=value`, Set-Cookie entries
 * appended (or replaced with `overwrite`) on the response.
 */
export class CookieJar {
  constructor(
    private readonly req: Req,
    private readonly res: Res,
    private readonly signer: KeygripLike | undefined,
  ) {}

  /** Raw value of `name` from the request, without any signature check. */
  raw(name: string): string | undefined {
    return readRawCookie(this.req.headers.cookie, name);
  }

  /**
   * Reads `name`; when signed, requires a valid `<name>.sig`. A bad signature expires the
   * `.sig` cookie right away (path `/`), as upstream does; rotation is reported, not written.
   */
  read(name: string, opts: DropInCookieAttributes | undefined): CookieRead {
    const value = this.raw(name);
    if (value === undefined) return { value: undefined };
    const signed = opts && opts.signed !== undefined ? opts.signed : Boolean(this.signer);
    if (!opts || !signed) return { value };
    const remote = this.raw(`${name}.sig`);
    if (!remote) return { value: undefined };
    if (!this.signer) throw new Error('.keys required for signed cookies');
    const data = `${name}=${value}`;
    const index = this.signer.index(data, remote);
    if (index < 0) {
      this.set(`${name}.sig`, null, { path: '/', signed: false });
      return { value: undefined };
    }
    return index === 0 ? { value } : { value, resign: this.signer.sign(data) };
  }

  /**
   * Appends a Set-Cookie for `name` (and `<name>.sig` when signed). Throws like cookies.js on
   * invalid attributes or a secure cookie over an insecure request; the caller decides.
   */
  set(name: string, value: string | null, opts: DropInCookieAttributes | undefined): void {
    const existing = this.res.getHeader('Set-Cookie');
    const cookie = makeCookie(name, value, opts);
    const signed = opts && opts.signed !== undefined ? opts.signed : Boolean(this.signer);
    // cookies.js: Express's `req.protocol`, or a TLS socket.
    const secure = isSecure(this.req, 'protocol');
    const headers: string[] =
      typeof existing === 'string' ? [existing] : Array.isArray(existing) ? existing : [];
    if (!secure && opts && opts.secure) throw new Error('Cannot send secure cookie over unencrypted connection');
    cookie.secure = opts && opts.secure !== undefined ? opts.secure : secure;
    if (opts && 'secureProxy' in opts) cookie.secure = opts.secureProxy;
    pushCookie(headers, cookie);
    if (opts && signed) {
      if (!this.signer) throw new Error('.keys required for signed cookies');
      cookie.value = this.signer.sign(`${cookie.name}=${cookie.value}`);
      cookie.name += '.sig';
      pushCookie(headers, cookie);
    }
    // Bypass Express's res.set/res.cookie wrappers, as cookies.js does.
    const setHeader = this.res.set ? OutgoingMessage.prototype.setHeader : this.res.setHeader;
    setHeader.call(this.res, 'Set-Cookie', headers);
  }
}
