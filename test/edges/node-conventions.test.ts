/**
 * satchel/node the node:http way, beyond the shared edge suite: `await sessions(req, res)`
 * resolving with the request, the failed-commit fallback (default 500 { code }, `onError`, and a
 * response whose headers writeHead already sent), a real Redis outage rejecting the load, and
 * HTTP/2 (h2c) through Node's compatibility API. Real servers, real HTTP.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { cookieSession, session, defaultCommitError } from '../../src/node.js';
import type { NodeRequest, NodeResponse } from '../../src/node.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { RedisStore } from '../../src/stores/redis.js';
import { connectStandalone, type TestRedis } from '../support/redis-cluster.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { REDIS_URL, uniqueName } from '../support/servers.js';
import { collectUnhandledRejections } from '../support/unhandled.js';
import { Client } from './client.js';

const SECRET = 'node-conventions-' + randomBytes(24).toString('base64url');
const KEYS = [randomBytes(32).toString('base64url')];
type Data = Record<string, any>;
const unhandled = collectUnhandledRejections();

async function serve(listener: http.RequestListener): Promise<{ client: () => Client; close(): Promise<void> }> {
  const server = http.createServer(listener);
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    client: () => new Client(url),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => void server.closeAllConnections()),
  };
}

const memory = () => new MemoryStore({ sweepInterval: 0 });

describe('satchel/node: await sessions(req, res)', () => {
  test('resolves with the request itself, its session on req.session; a second call keeps the first session', async () => {
    const sessions = session({ secret: SECRET, store: memory() });
    const seen: boolean[] = [];
    const server = await serve(async (req, res) => {
      const request = await sessions(req, res);
      const first = request.session;
      seen.push(request === req, (await sessions(req, res)).session === first);
      request.session.views = Number(request.session.views ?? 0) + 1;
      res.end(String(request.session.views));
    });
    try {
      const c = server.client();
      assert.equal((await c.get('/')).text, '1');
      assert.equal((await c.get('/')).text, '2');
      assert.deepEqual(seen, [true, true, true, true]);
    } finally {
      await server.close();
    }
  });

  test('session() and cookieSession() on one request: the second rejects with ERR_SESSION_OPTIONS', async () => {
    const sessions = session({ secret: SECRET, store: memory() });
    const cookies = cookieSession({ keys: KEYS });
    const server = await serve(async (req, res) => {
      await sessions(req, res);
      try {
        await cookies(req, res);
        res.end('both');
      } catch (error) {
        res.end((error as { code?: string }).code);
      }
    });
    try {
      assert.equal((await server.client().get('/')).text, 'ERR_SESSION_OPTIONS');
    } finally {
      await server.close();
    }
  });
});

describe('satchel/node: a failed commit', () => {
  for (const mode of ['session()', 'cookieSession()'] as const) {
    const handler = (onError?: (error: unknown, req: NodeRequest, res: NodeResponse) => void) =>
      mode === 'session()' ? session({ secret: SECRET, store: memory(), onError }) : cookieSession({ keys: KEYS, onError });

    test(`${mode}: onError gets (error, req, res) on a clean response, and its answer is the response`, async () => {
      const calls: Array<[string | undefined, boolean, boolean]> = [];
      const sessions = handler((error, req, res) => {
        calls.push([(error as { code?: string }).code, req.url === '/fail', res.getHeaderNames().length === 0]);
        res.statusCode = 503;
        res.end('try later');
      });
      const server = await serve(async (req, res) => {
        const request = await sessions(req, res);
        (request.session as Data).big = 10n;
        res.setHeader('x-handler', 'yes');
        res.setHeader('set-cookie', 'theme=dark; Path=/');
        res.statusCode = 302;
        res.setHeader('location', '/elsewhere');
        res.end();
      });
      try {
        const reply = await server.client().get('/fail');
        assert.equal(reply.status, 503);
        assert.equal(reply.text, 'try later');
        assert.equal(reply.headers.get('x-handler'), null);
        assert.equal(reply.headers.get('location'), null);
        assert.deepEqual(reply.setCookies, []);
        assert.deepEqual(calls, [['ERR_SESSION_VALUE', true, true]]);
      } finally {
        await server.close();
      }
    });

    test(`${mode}: after writeHead sent the headers, the default cuts the response short, and onError still hears`, async () => {
      const calls: Array<[string | undefined, boolean]> = [];
      for (const onError of [undefined, (error: unknown, req: NodeRequest, res: NodeResponse) => {
        calls.push([(error as { code?: string }).code, res.headersSent]);
        defaultCommitError(error, req, res);
      }]) {
        const sessions = handler(onError);
        const server = await serve(async (req, res) => {
          const request = await sessions(req, res);
          (request.session as Data).big = 10n;
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.write('partial');
          setImmediate(() => res.end('-rest'));
        });
        try {
          // The client sees a broken response, never a complete one that silently lost the session.
          await assert.rejects(server.client().get('/'));
        } finally {
          await server.close();
        }
      }
      assert.deepEqual(calls, [['ERR_SESSION_VALUE', true]]);
    });
  }
});

describe('satchel/node: RedisStore outage (real Redis behind a TCP proxy that is cut)', () => {
  let proxy: TcpProxy;
  let redis: TestRedis;
  let server: Awaited<ReturnType<typeof serve>>;
  before(async () => {
    const url = new URL(REDIS_URL);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 6379) });
    redis = await connectStandalone('node-redis 5', proxy.port);
    const store = new RedisStore({ client: redis.client, prefix: `${uniqueName('satchel_node')}:`, operationTimeout: 300 });
    const sessions = session({ secret: SECRET, store });
    server = await serve(async (req, res) => {
      let request;
      try {
        request = await sessions(req, res);
      } catch (error) {
        res.statusCode = 500;
        res.end(`load: ${(error as { code?: string }).code}`);
        return;
      }
      if (req.url === '/cut-then-set') proxy.cut();
      if (req.method === 'POST') (request.session as Data).x = req.url;
      res.end(JSON.stringify({ x: (request.session as Data).x ?? null }));
    });
  });
  after(async () => {
    proxy.restore();
    await server?.close();
    await redis?.quit();
    await proxy?.close();
  });

  test('a failed save answers 500 { code } by default; a failed load rejects the await with the store error; back when Redis is', async () => {
    const c = server.client();
    assert.equal((await c.post('/first')).status, 200);
    const saved = await c.post('/cut-then-set');
    assert.equal(saved.status, 500);
    assert.match(saved.json().code, /^ERR_SESSION_STORE/);
    assert.deepEqual(saved.setCookies, []);
    const loaded = await c.get('/read');
    assert.equal(loaded.status, 500);
    assert.match(loaded.text, /^load: ERR_SESSION_STORE/);
    proxy.restore();
    assert.deepEqual((await c.get('/read')).json(), { x: '/first' });
  });
});

/** One HTTP/2 request over `client`: status, Set-Cookie lines and body. */
function h2request(client: http2.ClientHttp2Session, path: string, cookie?: string): Promise<{ status: number; setCookie: string[]; body: string }> {
  return new Promise((resolve, reject) => {
    const stream = client.request({ ':path': path, ...(cookie ? { cookie } : {}) });
    let headers: http2.IncomingHttpHeaders = {};
    let body = '';
    stream.on('response', (received) => (headers = received));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve({ status: Number(headers[':status']), setCookie: (headers['set-cookie'] as string[] | undefined) ?? [], body }));
    stream.on('error', reject);
    stream.end();
  });
}

describe('satchel/node: HTTP/2 (h2c) through the compatibility API', () => {
  for (const mode of ['session()', 'cookieSession()'] as const) {
    test(`${mode}: saved, cookied and read back, with one-shot and streamed bodies`, async () => {
      const sessions = mode === 'session()' ? session({ secret: SECRET, store: memory() }) : cookieSession({ keys: KEYS });
      const server = http2.createServer(async (req, res) => {
        const request = await sessions(req, res);
        const s = request.session as Data;
        s.n = Number(s.n ?? 0) + 1;
        if (req.url === '/stream') {
          res.write('n=');
          setImmediate(() => res.end(String(s.n)));
        } else res.end(String(s.n));
      });
      server.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      try {
        const first = await h2request(client, '/');
        assert.equal(first.status, 200);
        assert.equal(first.body, '1');
        assert.equal(first.setCookie.length, 1);
        let cookie = first.setCookie[0]!.split(';')[0]!;
        const streamed = await h2request(client, '/stream', cookie);
        assert.equal(streamed.body, 'n=2');
        // A sealed session re-seals on every change; the store-backed one keeps its cookie.
        if (streamed.setCookie[0]) cookie = streamed.setCookie[0].split(';')[0]!;
        assert.equal((await h2request(client, '/', cookie)).body, '3');
      } finally {
        client.close();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  }
});

test('no unhandled rejection escaped the node edge', () => {
  assert.deepEqual(unhandled, []);
});
