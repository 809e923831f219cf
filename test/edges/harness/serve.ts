/** A fetch handler on a real Node HTTP server (@hono/node-server), for the Web and Hono harnesses. */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { EdgeServer } from '../contract.js';

export async function serveFetch(fetch: (request: Request) => Response | Promise<Response>): Promise<EdgeServer> {
  let server!: Server;
  const { port } = await new Promise<AddressInfo>((resolve) => {
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, resolve) as Server;
  });
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())).then(() => void server.closeAllConnections()),
  };
}
