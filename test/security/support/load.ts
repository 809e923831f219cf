/**
 * Many real HTTP requests against one listening Express app over keep-alive sockets: the flood
 * cases (T30, T31) need 10,000 requests, which one ephemeral server per supertest call would
 * make slow.
 */
import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

/** What a flood saw. */
export interface FloodResult {
  statuses: Map<number, number>;
  /** Every Set-Cookie line received. */
  setCookies: string[];
}

/** Sends `count` GETs to `path`, `headers(i)` giving each request's headers, `concurrency` at a time. */
export async function flood(app: Express, count: number, path: string, headers: (i: number) => Record<string, string>, concurrency = 32): Promise<FloodResult> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const result: FloodResult = { statuses: new Map(), setCookies: [] };
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, agent, headers: headers(i) }, (res) => {
        result.statuses.set(res.statusCode ?? 0, (result.statuses.get(res.statusCode ?? 0) ?? 0) + 1);
        for (const line of res.headers['set-cookie'] ?? []) result.setCookies.push(line);
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end();
    });
  try {
    let next = 0;
    const worker = async () => {
      while (next < count) await one(next++);
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
    await new Promise((resolve) => server.close(resolve));
  }
  return result;
}
