/**
 * The `'tail'` end hold (express-session's): the response goes out but for its last byte while the
 * session work runs, so a client cannot race the save and a slow store does not delay the body.
 */
import type { AnyFn, EndHold, PatchableResponse } from './response-patch.js';

/**
 * Sends the headers and all but the last byte (or the final chunk terminator) when the hook's
 * work is still running at `end`; the real `end` follows at `release`.
 */
export function holdTail(res: PatchableResponse, original: { write: AnyFn; end: AnyFn }, hold: EndHold, args: unknown[]): unknown {
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
