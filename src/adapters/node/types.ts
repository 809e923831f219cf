import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';

/** The requests and responses the node edge serves: node:http, and HTTP/2 through its compatibility API. */
export type NodeRequest = IncomingMessage | Http2ServerRequest;
export type NodeResponse = ServerResponse | Http2ServerResponse;

/**
 * What the node edge does with a commit that failed (the store refused the save, the session
 * cannot be sealed into its cookie). The response's headers are already cleared when nothing was
 * sent; the handler must end the response. Without it: `500 {"code": …}` as JSON, or, once the
 * headers went out, the response is cut (`res.destroy()`), as Express's final handler does.
 */
export type NodeCommitErrorHandler = (error: unknown, req: NodeRequest, res: NodeResponse) => void;

/** What both node handlers add to their kind's options. */
export interface NodeEdgeOptions {
  /** Replaces the default answer to a failed commit. */
  onError?: NodeCommitErrorHandler;
}
