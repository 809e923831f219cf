/**
 * The options of `csrf()`, the same on every framework edge (`Req` is the edge's request: Express
 * `req`, Fastify `request`, Koa `ctx`, Hono `c`, Node's `req`, the Web `Request`), their defaults
 * in one place, validated when `csrf()` is called.
 */
import { SessionOptionsError } from '../errors.js';

export interface CsrfOptions<Req = unknown> {
  /**
   * Where an unsafe request carries its token. Default: the `field` of the parsed body, then the
   * `header` (csurf's lookup without the query string, whose tokens end up in logs and Referers).
   * A function replaces that lookup; it may be async.
   */
  value?: (req: Req) => string | undefined | null | Promise<string | undefined | null>;
  /** The form field read from the parsed body. Default `'_csrf'`. */
  field?: string;
  /**
   * The request header carrying the token. Default `'x-csrf-token'`, with csurf's other names
   * (`csrf-token`, `xsrf-token`, `x-xsrf-token`) also read; naming one reads that one only.
   */
  header?: string;
  /** Methods that are never checked. Default `['GET', 'HEAD', 'OPTIONS']` (csurf's). */
  ignoreMethods?: readonly string[];
  /** Routes that are never checked (webhooks, say): exact paths, or a function of the request. */
  exempt?: readonly string[] | ((req: Req) => boolean);
  /**
   * Other origins whose pages may post here (`'https://app.example.com'`), for the Origin check.
   * Also where an app behind a proxy that rewrites Host names its public origin.
   */
  origins?: readonly string[];
  /** Accept `Sec-Fetch-Site: same-site` (sibling subdomains) without listing them. Default false. */
  allowSameSite?: boolean;
  /**
   * The second layer: refuse unsafe requests the browser marks cross-site (`Sec-Fetch-Site`) or
   * whose `Origin` is foreign. Default true; the token is checked either way.
   */
  originCheck?: boolean;
}

/** The options with their defaults applied. */
export interface CsrfSettings<Req> {
  value: ((req: Req) => string | undefined | null | Promise<string | undefined | null>) | null;
  field: string;
  headers: readonly string[];
  ignoreMethods: ReadonlySet<string>;
  exempt: (req: Req, path: string) => boolean;
  origins: ReadonlySet<string>;
  allowSameSite: boolean;
  originCheck: boolean;
}

const DEFAULT_HEADERS = ['x-csrf-token', 'csrf-token', 'xsrf-token', 'x-xsrf-token'];
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const KNOWN = new Set(['value', 'field', 'header', 'ignoreMethods', 'exempt', 'origins', 'allowSameSite', 'originCheck']);

function fail(message: string): never {
  throw new SessionOptionsError(`csrf(): ${message}`);
}

function originOf(entry: unknown): string {
  if (typeof entry !== 'string') fail(`origins must be strings such as 'https://app.example.com', got ${typeof entry}`);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    fail(`origins entry ${JSON.stringify(entry)} is not a URL; write it as 'https://app.example.com'`);
  }
  if (url.origin === 'null' || url.pathname !== '/' || url.search || url.hash || entry.endsWith('/'))
    fail(`origins entry ${JSON.stringify(entry)} is not an origin (scheme://host[:port], no path); write ${JSON.stringify(url.origin)}`);
  return url.origin;
}

function exemptOf<Req>(exempt: CsrfOptions<Req>['exempt']): (req: Req, path: string) => boolean {
  if (exempt === undefined) return () => false;
  if (typeof exempt === 'function') return exempt;
  if (!Array.isArray(exempt)) fail('exempt must be an array of paths or a function (req) => boolean');
  const paths = new Set<string>();
  for (const path of exempt as unknown[]) {
    if (typeof path !== 'string' || !path.startsWith('/')) fail(`exempt paths start with '/', got ${JSON.stringify(path)}`);
    paths.add(path);
  }
  return (_req, path) => paths.has(path);
}

/** Applies the defaults and refuses what cannot work, with the fix in the message. */
export function resolveCsrfOptions<Req>(options: CsrfOptions<Req> = {}): CsrfSettings<Req> {
  if (typeof options !== 'object' || options === null) fail('takes an options object or nothing');
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) fail(`unknown option ${JSON.stringify(key)}`);
  const { value, field = '_csrf', header, ignoreMethods = ['GET', 'HEAD', 'OPTIONS'], allowSameSite = false, originCheck = true } = options;
  if (value !== undefined && typeof value !== 'function') fail('value must be a function (req) => token');
  if (typeof field !== 'string' || field === '') fail('field must be a non-empty string');
  if (header !== undefined && (typeof header !== 'string' || !HEADER_NAME.test(header))) fail(`header ${JSON.stringify(header)} is not a header name`);
  if (!Array.isArray(ignoreMethods) || ignoreMethods.some((method) => typeof method !== 'string'))
    fail("ignoreMethods must be an array of method names such as ['GET', 'HEAD', 'OPTIONS']");
  if (typeof allowSameSite !== 'boolean') fail('allowSameSite must be true or false');
  if (typeof originCheck !== 'boolean') fail('originCheck must be true or false');
  const origins = options.origins ?? [];
  if (!Array.isArray(origins)) fail("origins must be an array such as ['https://app.example.com']");
  return {
    value: value ?? null,
    field,
    headers: header === undefined ? DEFAULT_HEADERS : [header.toLowerCase()],
    ignoreMethods: new Set(ignoreMethods.map((method) => method.toUpperCase())),
    exempt: exemptOf(options.exempt),
    origins: new Set(origins.map(originOf)),
    allowSameSite,
    originCheck,
  };
}
