/**
 * The one place satchel patches a Node response (`writeHead`, `write`, `end`). Patching `res`
 * is where session libraries break (lost cookies, raced saves, half-sent errors), so both modes
 * and both drop-ins go through this module; what differs between them is a hook or an option.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { absorbWriteHeadCookies } from './set-cookie-header.js';
import type { HeaderTarget } from './set-cookie-header.js';
import { holdTail } from './hold-tail.js';

export type AnyFn = (...args: any[]) => any;

/** What is patched: node:http and HTTP/2 compat responses alike (Express's included). */
export interface PatchableResponse extends HeaderTarget {
  headersSent: boolean;
  statusCode: number;
  writeHead: AnyFn;
  write: AnyFn;
  end: AnyFn;
  /** An emitter's `on` (every real response has one): the prototype path listens for 'finish'. */
  on?(event: 'finish', listener: (this: object) => void): unknown;
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

type Methods = { writeHead: AnyFn; write: AnyFn; end: AnyFn };

/**
 * Patches `res` once per request. Only the methods a hook needs are replaced; every wrapper is
 * anonymous on purpose (a named per-request function costs a defineProperty under tsx/esbuild
 * keepNames).
 *
 * With `prototype` (an object on `res`'s prototype chain that no other request of another app
 * shares, e.g. an Express app's `app.response`), the methods are replaced once on that object and
 * find this request's patch in a WeakMap: the request gets no own property (each one costs an
 * Express response a copy of its hidden class, bench/probe/property-adds.ts). The caller passes it
 * only when `res` has no own `writeHead`/`write`/`end` yet — a wrapper installed before ours must
 * stay outside it, as it is with own properties — so the order of wrappers is the same either way.
 */
export function patchResponse(res: PatchableResponse, hooks: ResponseHooks, prototype?: object): ResponsePatch {
  if (prototype !== undefined) {
    const patch = new Patch(res, hooks, methodsOf(prototype), true);
    active.set(res, patch);
    res.on?.('finish', forget);
    return patch;
  }
  const patch = new Patch(res, hooks, { writeHead: res.writeHead, write: res.write, end: res.end }, false);
  const slotted = res as Slotted;
  if (slotted[PATCH] === undefined) {
    slotted[PATCH] = patch;
    res.writeHead = slotWriteHead;
    if (hooks.body) res.write = slotWrite;
    if (hooks.body || hooks.end) res.end = slotEnd;
    return patch;
  }
  // A second patch on the same response (two middlewares that both patch it): the shared wrappers
  // would find only one slot, so this one binds its patch in closures, wrapping the first.
  res.writeHead = function (this: PatchableResponse, ...args: unknown[]) {
    return patch.writeHead(this, args);
  };
  if (hooks.body) {
    res.write = function (this: PatchableResponse, ...args: unknown[]) {
      return patch.write(this, args);
    };
  }
  if (hooks.body || hooks.end) {
    res.end = function (this: PatchableResponse, ...args: unknown[]) {
      return patch.end(this, args);
    };
  }
  return patch;
}

// The first patch of a response installs the same three functions on every response; each finds
// its request's patch in a symbol slot, kept after restore() so a wrapper someone captured still
// works as a closure would. A new closure per request stored on the response made V8 keep whole
// requests (response, request, socket state) alive across young-generation collections: on Koa,
// scavenges took ~10 ms instead of ~1 ms and promoted ~2 MB each.
const PATCH = Symbol('satchel.response-patch');
type Slotted = PatchableResponse & { [PATCH]?: Patch };

function slotWriteHead(this: Slotted, ...args: unknown[]): unknown {
  return this[PATCH]!.writeHead(this, args);
}

function slotWrite(this: Slotted, ...args: unknown[]): unknown {
  return this[PATCH]!.write(this, args);
}

function slotEnd(this: Slotted, ...args: unknown[]): unknown {
  return this[PATCH]!.end(this, args);
}

// Responses patched through their prototype → their patch. restore() removes the entry, and so
// does 'finish' (forget): the patch reaches its response, and V8's scavenger keeps a WeakMap's
// values alive while their key is young, so an entry left for a full collection carried the whole
// request through every scavenge (src/adapters/common/request-slot.ts). After 'finish' the
// prototype's methods call straight through, as the patch's would.
const active = new WeakMap<object, Patch>();
function forget(this: object): void {
  active.delete(this);
}
// Prototypes whose methods dispatch through `active` → the methods they had before.
const patchedPrototypes = new WeakMap<object, Methods>();

function methodsOf(prototype: object): Methods {
  let original = patchedPrototypes.get(prototype);
  if (original !== undefined) return original;
  const proto = prototype as Methods;
  const before: Methods = { writeHead: proto.writeHead, write: proto.write, end: proto.end };
  original = before;
  // A response of this prototype that no patch claims (or whose patch was restored) calls straight through.
  proto.writeHead = function (this: PatchableResponse, ...args: unknown[]) {
    const patch = active.get(this);
    return patch === undefined ? before.writeHead.apply(this, args) : patch.writeHead(this, args);
  };
  proto.write = function (this: PatchableResponse, ...args: unknown[]) {
    const patch = active.get(this);
    return patch === undefined || !patch.hooks.body ? before.write.apply(this, args) : patch.write(this, args);
  };
  proto.end = function (this: PatchableResponse, ...args: unknown[]) {
    const patch = active.get(this);
    return patch === undefined || !(patch.hooks.body || patch.hooks.end) ? before.end.apply(this, args) : patch.end(this, args);
  };
  patchedPrototypes.set(prototype, before);
  return before;
}

/** One request's patch: what its wrappers (own or on the prototype) call. */
class Patch implements ResponsePatch {
  private headersRan = false;
  private bodyRan = false;
  private ended = false;
  // The first end's work while it is in flight: a later end waits for it.
  private inFlight: Promise<unknown> | void = undefined;

  constructor(
    private readonly res: PatchableResponse,
    readonly hooks: ResponseHooks,
    private readonly original: Methods,
    private readonly onPrototype: boolean,
  ) {}

  restore(): void {
    if (this.onPrototype) {
      active.delete(this.res);
      return;
    }
    const { res, hooks, original } = this;
    res.writeHead = original.writeHead;
    if (hooks.body) res.write = original.write;
    if (hooks.body || hooks.end) res.end = original.end;
  }

  writeHead(self: PatchableResponse, args: unknown[]): unknown {
    const { hooks } = this;
    if (hooks.writeHeadArgs === 'keep-cookies') {
      if (args.length > 1) absorbWriteHeadCookies(this.res, args);
    } else if (!this.headersRan) {
      args = applyHeaderArgs(self, args);
    }
    if (!this.headersRan) {
      this.headersRan = true;
      hooks.headers?.();
    }
    return this.original.writeHead.apply(self, args);
  }

  write(self: PatchableResponse, args: unknown[]): unknown {
    return this.bodyGoesOn('write') ? this.original.write.apply(self, args) : SWALLOWED.write(self);
  }

  end(self: PatchableResponse, args: unknown[]): unknown {
    if (this.hooks.body && !this.bodyGoesOn('end')) return SWALLOWED.end(self);
    return this.hooks.end ? this.holdEnd(self, args, this.hooks.end) : this.original.end.apply(self, args);
  }

  // Whether a body call goes on: false once the body hook failed and the call was swallowed.
  private bodyGoesOn(call: 'write' | 'end'): boolean {
    const { res, hooks, original } = this;
    if (this.bodyRan || res.headersSent) return true;
    this.bodyRan = true;
    const error = hooks.body!(call);
    if (error === undefined) return true;
    this.restore();
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

  private holdEnd(self: PatchableResponse, args: unknown[], hold: EndHold): unknown {
    const { res, original } = this;
    if (this.ended) {
      if (hold.repeat === 'refused') return false;
      if (this.inFlight) void this.inFlight.then(() => original.end.apply(res, args));
      else original.end.apply(res, args);
      return self;
    }
    this.ended = true;
    if (hold.hold === 'tail') return holdTail(res, original, hold, args);
    this.inFlight = hold.start(() => original.end.apply(res, args));
    return self;
  }
}

function isFinished(res: PatchableResponse): boolean {
  return (res as { writableEnded?: boolean }).writableEnded === true;
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
