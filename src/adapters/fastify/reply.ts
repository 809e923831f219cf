/**
 * The commit on a Fastify reply, for both kinds of session. Fastify writes a reply's headers only
 * after its `onSend` hooks, for every payload (serialized JSON, a stream, a redirect, the error
 * handler's answer), so the commit runs there: the save completes before anything is sent and a
 * failure can still become the error handler's response. A reply the app hijacks (`reply.hijack()`,
 * writing to `reply.raw`) skips `onSend` and so carries no session cookie.
 */
import type { FastifyReply, FastifyRequest, onSendHookHandler } from 'fastify';
import { runCommit } from '../../lifecycle/request-handle.js';
import type { Outcome, RequestHandle } from '../../lifecycle/request-handle.js';
import { mergeSessionCookies } from '../../http/set-cookie-header.js';
import type { HeaderTarget } from '../../http/set-cookie-header.js';

/** Where a request keeps its handle until `onSend` takes it (a request decoration, null by default). */
export const HANDLE = Symbol('satchel.fastify.handle');

type Holder = { [HANDLE]: RequestHandle | null };

/**
 * `reply.header('set-cookie', …)` appends to the list already there; the merge rule hands over the
 * whole list, so each write replaces it.
 */
function headersOf(reply: FastifyReply): HeaderTarget {
  return {
    getHeader: (name) => reply.getHeader(name) as number | string | string[] | undefined,
    setHeader(name, value) {
      reply.removeHeader(name);
      reply.header(name, value);
    },
  };
}

function statusOf(error: unknown): number {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status <= 599 ? status : 500;
}

/**
 * A failed commit: the handler's headers and status (a redirect's 302 and Location, its own
 * cookies) described a success, and Fastify's error handler keeps both unless told otherwise.
 * A streamed payload that will never be read is closed (it may hold a file).
 */
function clean(reply: FastifyReply, error: unknown, payload: unknown): void {
  for (const name of Object.keys(reply.getHeaders())) reply.removeHeader(name);
  reply.code(statusOf(error));
  const stream = payload as { pipe?: unknown; destroy?: (error?: Error) => void } | null;
  if (stream && typeof stream.pipe === 'function' && typeof stream.destroy === 'function') stream.destroy();
}

/**
 * The `onSend` hook both plugins add. It takes the handle off the request first: the error
 * handler's response (after a failed commit, or a handler error) runs `onSend` again, and a
 * session commits once.
 */
export const commitOnSend: onSendHookHandler = function satchelCommit(request, reply, payload, done) {
  const holder = request as unknown as Holder;
  const handle = holder[HANDLE];
  if (handle === null || handle === undefined) {
    done(null, payload);
    return;
  }
  holder[HANDLE] = null;
  const finish = (outcome: Outcome) => {
    mergeSessionCookies(headersOf(reply), outcome.setCookie, outcome.cacheControl);
    done(null, payload);
  };
  const failed = (error: unknown) => {
    if (handle.failed(error)) {
      done(null, payload);
      return;
    }
    clean(reply, error, payload);
    done(error instanceof Error ? error : new Error('session commit failed', { cause: error }));
  };
  // In-process stores commit synchronously: the reply goes out in the same tick.
  void runCommit(handle, finish, failed);
};

/** Hands the request's handle to {@link commitOnSend}. */
export function hold(request: FastifyRequest, handle: RequestHandle): void {
  (request as unknown as Holder)[HANDLE] = handle;
}
