/**
 * The one place satchel patches a Node response (`writeHead`, `write`, `end`). Patching `res`
 * is where session libraries break (lost cookies, raced saves, half-sent errors), so both modes
 * and both drop-ins go through this module; what differs between them is a hook or an option.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { absorbWriteHeadCookies } from './set-cookie-header.js';
import type { HeaderTarget } from './set-cookie-header.js';

type AnyFn = (...args: any[]) => any;

/** What is patched: node:http and HTTP/2 compat responses alike (Express's included). */
export interface PatchableResponse extends HeaderTarget {
  headersSent: boolean;
  statusCode: number;
  writeHead: AnyFn;
  write: AnyFn;
  end: AnyFn;
}

/** How the first `end` is held while session work runs. */
export interface EndHold {
  /**
   * `'response'`: nothing goes out until `release`, so the headers can still change and an error
   * can still become the response (commit before send). `'tail'`: the headers and all but the
   * last byte go out now and the end follows at `release` (express-session: a client cannot race
   * the save, #360, while a slow store does not delay the body).
   */
  hold: 'response' | 'tail';
  /** A later `end`: `'after-first'` runs once the first one's work settled; `'refused'` returns false (express-session). */
  repeat: 'after-first' | 'refused';
  /**
   * Called at the first `end`; calls `release` (at once or later) to let the response finish. A
   * hook that handed the response to an error handler never calls it. Returns its work, if any,
   * for a later `end` to wait on.
   */
  start(release: () => void): Promise<unknown> | void;
}

export interface ResponseHooks {
  /**
   * What happens to the headers given to `writeHead(status, headers)` before `headers` runs.
   * `'keep-cookies'`: their Set-Cookie values join the response's list (Node would let them
   * replace a session cookie, T37/CK-11), the rest pass through. `'apply'`: the status and every
   * header land on the response first so `headers` sees and can amend them — the `on-headers`
   * contract the drop-ins' upstreams are built on.
   */
  writeHeadArgs: 'keep-cookies' | 'apply';
  /** Runs once, right before the headers are written (explicitly, or by the first `write`/`end`). */
  headers?: () => void;
  /**
   * Runs once, at the first `write`/`end` while the headers are unsent, before `headers`; `call`
   * says which. An error it returns abandons the handler's body: the methods are restored, the
   * call is swallowed and `abandon(error)` takes the response over.
   */
  body?: (call: 'write' | 'end') => unknown;
  abandon?: (error: unknown) => void;
  end?: EndHold;
}

/** The patch on one response; `restore` puts the original methods back. */
export interface ResponsePatch {
  restore(): void;
}

// What a swallowed body call returns, as Node's own would: write() reports no backpressure, end() chains.
const SWALLOWED = { write: (_res: unknown) => true, end: (res: unknown) => res };

/**
 * Patches `res` once per request. Only the methods a hook needs are replaced; every wrapper is
 * anonymous on purpose (a named per-request function costs a defineProperty under tsx/esbuild
 * keepNames).
 */
export function patchResponse(res: PatchableResponse, hooks: ResponseHooks): ResponsePatch {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  const patch: ResponsePatch = {
    restore() {
      res.writeHead = original.writeHead;
      if (hooks.body) res.write = original.write;
      if (hooks.body || hooks.end) res.end = original.end;
    },
  };
  let headersRan = false;
  res.writeHead = function (this: PatchableResponse, ...args: unknown[]) {
    if (hooks.writeHeadArgs === 'keep-cookies') {
      if (args.length > 1) absorbWriteHeadCookies(res, args);
    } else if (!headersRan) {
      args = applyHeaderArgs(this, args);
    }
    if (!headersRan) {
      headersRan = true;
      hooks.headers?.();
    }
    return original.writeHead.apply(this, args);
  };

  if (hooks.body) {
    const body = { ran: false };
    res.write = function (this: PatchableResponse, ...args: unknown[]) {
      return bodyGoesOn(res, hooks, patch, body, 'write', original) ? original.write.apply(this, args) : SWALLOWED.write(this);
    };
    const end = hooks.end ? holdEnd(res, original, hooks.end) : original.end;
    res.end = function (this: PatchableResponse, ...args: unknown[]) {
      return bodyGoesOn(res, hooks, patch, body, 'end', original) ? end.apply(this, args) : SWALLOWED.end(this);
    };
  } else if (hooks.end) {
    res.end = holdEnd(res, original, hooks.end);
  }
  return patch;
}

// Whether a body call goes on: false once the body hook failed and the call was swallowed.
function bodyGoesOn(
  res: PatchableResponse,
  hooks: ResponseHooks,
  patch: ResponsePatch,
  body: { ran: boolean },
  call: 'write' | 'end',
  original: { write: AnyFn; end: AnyFn },
): boolean {
  if (body.ran || res.headersSent) return true;
  body.ran = true;
  const error = hooks.body!(call);
  if (error === undefined) return true;
  patch.restore();
  // The abandoned handler may still write (`write` then `end`) after the error response finished:
  // Node would raise ERR_STREAM_WRITE_AFTER_END with nobody listening and crash the process.
  res.write = function (this: PatchableResponse, ...args: unknown[]) {
    return isFinished(this) ? SWALLOWED.write(this) : original.write.apply(this, args);
  };
  res.end = function (this: PatchableResponse, ...args: unknown[]) {
    return isFinished(this) ? SWALLOWED.end(this) : original.end.apply(this, args);
  };
  hooks.abandon?.(error);
  return false;
}

function isFinished(res: PatchableResponse): boolean {
  return (res as { writableEnded?: boolean }).writableEnded === true;
}

function holdEnd(res: PatchableResponse, original: { write: AnyFn; end: AnyFn }, hold: EndHold): AnyFn {
  let ended = false;
  // The first end's work while it is in flight: a later end waits for it.
  let inFlight: Promise<unknown> | void;
  return function (this: PatchableResponse, ...args: unknown[]) {
    if (ended) {
      if (hold.repeat === 'refused') return false;
      if (inFlight) void inFlight.then(() => original.end.apply(res, args));
      else original.end.apply(res, args);
      return this;
    }
    ended = true;
    if (hold.hold === 'tail') return holdTail(res, original, hold, args);
    inFlight = hold.start(() => original.end.apply(res, args));
    return this;
  };
}

/**
 * Sends the headers and all but the last byte (or the final chunk terminator) when the hook's
 * work is still running at `end`; the real `end` follows at `release`.
 */
function holdTail(res: PatchableResponse, original: { write: AnyFn; end: AnyFn }, hold: EndHold, args: unknown[]): unknown {
  let [chunk, encoding, callback] = args;
  // end(cb) and end(chunk, cb): keep the callback for the real end (express-session drops it, #477).
  if (typeof chunk === 'function') [chunk, callback] = [undefined, chunk];
  else if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
  let sync = true;
  let result: unknown;
  hold.start(() => {
    if (sync) {
      result = original.end.call(res, chunk, encoding, callback);
      sync = false;
      return;
    }
    original.end.call(res, undefined, undefined, callback);
  });
  if (!sync) return result;

  if (!res.headersSent) {
    // Http2ServerResponse has no _implicitHeader (express-session #888): writeHead does the same.
    const implicit = (res as unknown as { _implicitHeader?: () => void })._implicitHeader;
    if (typeof implicit === 'function') implicit.call(res);
    else res.writeHead(res.statusCode);
  }
  if (chunk == null) return true;
  const contentLength = Number(res.getHeader('Content-Length'));
  if (!Number.isNaN(contentLength) && contentLength > 0) {
    const body = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding as BufferEncoding);
    encoding = undefined;
    if (body.length !== 0) {
      result = original.write.call(res, body.subarray(0, body.length - 1));
      // `release` ends with this last byte once the work is done.
      chunk = body.subarray(body.length - 1);
      return result;
    }
    chunk = body;
  }
  result = original.write.call(res, chunk, encoding);
  chunk = undefined;
  sync = false;
  return result;
}

/**
 * Moves the status and headers given to writeHead onto the response (the `on-headers` contract);
 * returns the arguments left for the real writeHead.
 */
function applyHeaderArgs(res: PatchableResponse, args: unknown[]): unknown[] {
  const target = res as PatchableResponse & { statusMessage: string };
  if (typeof args[0] === 'number') res.statusCode = args[0];
  let headersIndex = 1;
  const forwarded: unknown[] = [res.statusCode];
  if (typeof args[1] === 'string') {
    target.statusMessage = args[1];
    forwarded.push(args[1]);
    headersIndex = 2;
  }
  const headers = args[headersIndex];
  if (Array.isArray(headers)) {
    // Flat [name, value, name, value] or nested [[name, value]] form.
    if (Array.isArray(headers[0])) {
      for (const [name, value] of headers as [string, string][]) res.setHeader(name, value);
    } else {
      for (let i = 0; i + 1 < headers.length; i += 2) res.setHeader(String(headers[i]), headers[i + 1] as string);
    }
  } else if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) {
      if (value !== undefined) res.setHeader(name, value);
    }
  }
  return forwarded;
}
