import type { ServerResponse } from 'node:http';

/** Starts the end-of-request store write; calls `done` when the store called back. */
export type PendingWrite = (done: () => void) => void;

type End = (chunk?: unknown, encoding?: unknown, callback?: unknown) => unknown;
type Write = (chunk: unknown, encoding?: unknown) => boolean;

/**
 * Patches `res.end` so the response cannot complete before the session is stored: when
 * `beforeEnd()` returns a store write, everything but the final byte (or the final chunk
 * terminator) goes out now and the real `end` runs once the store called back. Node's
 * header write is synchronous while stores are not, so holding the tail is the only way to
 * keep a client from racing the save (express-session #360). A second `end` returns false.
 */
export function holdEnd(res: ServerResponse, beforeEnd: () => PendingWrite | null): void {
  const end = res.end as unknown as End;
  const write = res.write as unknown as Write;
  let ended = false;

  res.end = function patchedEnd(this: ServerResponse, chunk?: unknown, encoding?: unknown, callback?: unknown) {
    if (ended) return false;
    ended = true;
    // end(cb) and end(chunk, cb): keep the callback for the real end (express-session drops it, #477).
    if (typeof chunk === 'function') [chunk, callback] = [undefined, chunk];
    else if (typeof encoding === 'function') [encoding, callback] = [undefined, encoding];
    const pending = beforeEnd();
    if (!pending) return end.call(res, chunk, encoding, callback);

    let sync = true;
    let result: unknown;
    const finish = (): void => {
      if (sync) {
        result = end.call(res, chunk, encoding, callback);
        sync = false;
        return;
      }
      end.call(res, undefined, undefined, callback);
    };
    pending(finish);
    if (!sync) return result;

    // The write is in flight: send the headers and all but the tail of the body now.
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
        result = write.call(res, body.subarray(0, body.length - 1));
        // `finish` ends with this last byte once the store called back.
        chunk = body.subarray(body.length - 1);
        return result;
      }
      chunk = body;
    }
    result = write.call(res, chunk, encoding);
    chunk = undefined;
    sync = false;
    return result;
  } as ServerResponse['end'];
}
