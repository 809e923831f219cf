import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

type WriteHead = ServerResponse['writeHead'];

/**
 * Runs `listener` once, right before the response headers are written (explicitly through
 * `writeHead` or implicitly by the first `write`/`end`, which Node routes through
 * `writeHead`). Headers passed to `writeHead(status, headers)` are applied first so the
 * listener sees and can amend them — the contract of the `on-headers` package.
 */
export function onHeaders(res: ServerResponse, listener: () => void): void {
  const previous = res.writeHead as (...args: unknown[]) => ServerResponse;
  let fired = false;
  const writeHead = function (this: ServerResponse, ...args: unknown[]): ServerResponse {
    if (fired) return previous.apply(this, args);
    fired = true;
    const forwarded = applyHeaderArgs(this, args);
    listener.call(this);
    return previous.apply(this, forwarded);
  };
  res.writeHead = writeHead as unknown as WriteHead;
}

// Moves status and headers given to writeHead onto the response so the listener sees them;
// returns the arguments left for the real writeHead.
function applyHeaderArgs(res: ServerResponse, args: unknown[]): unknown[] {
  if (typeof args[0] === 'number') res.statusCode = args[0];
  let headersIndex = 1;
  const forwarded: unknown[] = [res.statusCode];
  if (typeof args[1] === 'string') {
    res.statusMessage = args[1];
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
