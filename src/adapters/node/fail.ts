import type { NodeCommitErrorHandler, NodeRequest, NodeResponse } from './types.js';

/**
 * The default answer to a failed commit: there is no `next(err)` on node:http, so the error
 * becomes `500 {"code": …}` here. The response arrives clean (installCommit removed the
 * handler's headers); after the headers went out only cutting it short is honest.
 */
export function defaultCommitError(error: unknown, _req: NodeRequest, res: NodeResponse): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const code = (error as { code?: unknown } | null)?.code;
  const body = JSON.stringify({ code: typeof code === 'string' ? code : 'ERR_SESSION' });
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', Buffer.byteLength(body));
  (res as { end(body: string): unknown }).end(body);
}

/** The `fail` installCommit calls, for one request. */
export function failWith(handler: NodeCommitErrorHandler | undefined, req: NodeRequest, res: NodeResponse): (error: unknown) => void {
  const onError = handler ?? defaultCommitError;
  return (error) => {
    try {
      onError(error, req, res);
    } catch (thrown) {
      // An app handler that throws has nowhere else to go: the response must not hang.
      defaultCommitError(thrown, req, res);
    }
  };
}
