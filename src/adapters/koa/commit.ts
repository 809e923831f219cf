/**
 * The end of a Koa request, for both kinds of session. Koa sends the response after the
 * middleware chain unwinds, so the commit runs right after `await next()`: the save is done
 * before anything is sent (redirects and streamed `ctx.body` included), and a failed commit is
 * still an ordinary error thrown into Koa's error handling.
 */
import type { Context, Next } from 'koa';
import { runCommit } from '../../lifecycle/request-handle.js';
import type { Outcome, RequestHandle } from '../../lifecycle/request-handle.js';
import { mergeSessionCookies } from '../../http/set-cookie-header.js';
import { patchResponse, type PatchableResponse, type ResponsePatch } from '../../http/response-patch.js';
import { installCommit, type ResponseLike } from '../common/node-response.js';

/**
 * Headers that leave before the chain unwinds (`ctx.flushHeaders()`, a raw `ctx.res` write) take
 * the cookie as the session stands at that moment, and the lifecycle learns that they left: a new
 * session written afterwards is then not stored without a cookie pointing to it. The response is
 * already on its way, so a failure here is reported on the app's `error` event, not thrown.
 */
function watchEarlyHeaders(ctx: Context, handle: RequestHandle): ResponsePatch {
  const res = ctx.res;
  return patchResponse(res as unknown as PatchableResponse, {
    writeHeadArgs: 'keep-cookies',
    headers() {
      try {
        mergeSessionCookies(res, handle.headerCookies(), handle.cacheControl);
      } catch (error) {
        handle.failed(error);
        ctx.app.emit('error', error, ctx);
      }
    },
  });
}

export async function aroundNext(ctx: Context, handle: RequestHandle, next: Next): Promise<void> {
  const early = watchEarlyHeaders(ctx, handle);
  try {
    await next();
  } catch (error) {
    early.restore();
    // As on Express, where the error page's `end` commits too: what the handler did to the
    // session before it failed is kept. An upstream catch that renders keeps the cookie; Koa's
    // own error response drops every header. The handler's error stays the one reported.
    await commitQuietly(ctx, handle);
    throw error;
  }
  early.restore();
  if (ctx.respond === false) {
    handOver(ctx, handle);
    return;
  }
  let outcome: Outcome;
  try {
    // In-process stores and seals commit synchronously: no await of a plain value (one microtask less).
    const committed = handle.commit();
    outcome = committed instanceof Promise ? await committed : committed;
  } catch (error) {
    if (handle.failed(error)) return;
    clean(ctx);
    throw error;
  }
  // ctx.res, not ctx.response: Koa's get() answers '' for a missing header, Node's getHeader undefined.
  if (!ctx.res.headersSent) mergeSessionCookies(ctx.res, outcome.setCookie, outcome.cacheControl);
}

async function commitQuietly(ctx: Context, handle: RequestHandle): Promise<void> {
  try {
    const outcome = await handle.commit();
    if (!ctx.res.headersSent) mergeSessionCookies(ctx.res, outcome.setCookie, outcome.cacheControl);
  } catch (error) {
    // Reported through the `error` event; the handler's error is the response's.
    handle.failed(error);
  }
}

/**
 * A failed commit: the handler's headers (Location, Content-Type, its cookies) and body described
 * a success and must not reach an error response an upstream `catch` renders. Koa's own error
 * response would clear the headers too; a streamed body is destroyed by the body setter.
 */
function clean(ctx: Context): void {
  const res = ctx.res;
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  ctx.body = null;
  ctx.status = 500;
}

/**
 * `ctx.respond = false`: the app writes `ctx.res` itself, possibly after the chain unwound, so
 * the commit moves onto the Node response as on Express (held `end`, cookies at the first
 * write). A failure then goes to `ctx.onerror`, Koa's handler for errors outside the chain: it
 * emits the app's `error` event and answers 500 unless the headers already went out, in which
 * case the half-sent response is cut.
 */
function handOver(ctx: Context, handle: RequestHandle): void {
  const res = ctx.res;
  const fail = (error: unknown) => {
    ctx.onerror(error as Error);
    if (!res.writableEnded) res.destroy();
  };
  if (!res.writableEnded) {
    installCommit(handle, res as unknown as ResponseLike, fail);
    return;
  }
  // The raw response is already finished: save what can still be saved, report what cannot.
  void runCommit(handle, () => {}, (error: unknown) => {
    handle.failed(error);
    ctx.app.emit('error', error, ctx);
  });
}
