import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import session from '../../src/compat/express-session.js';

// express-session calls res._implicitHeader(), which Http2ServerResponse lacks (#888): the
// held end of the response must work on Node's HTTP/2 compatibility API too.
interface Reply {
  status: number;
  setCookie: string[] | undefined;
  body: string;
}

function request(client: http2.ClientHttp2Session, path: string, cookie?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const stream = client.request({ ':path': path, ...(cookie ? { cookie } : {}) });
    let body = '';
    let headers: http2.IncomingHttpHeaders = {};
    stream.on('response', (received) => (headers = received));
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (body += chunk));
    stream.on('end', () => resolve({ status: Number(headers[':status']), setCookie: headers['set-cookie'] as string[] | undefined, body }));
    stream.on('error', reject);
    stream.end();
  });
}

describe('COMPAT-ES: HTTP/2 (express-session #888)', () => {
  test('COMPAT-ES: sessions are saved, cookied and reloaded over h2c, with one-shot and streamed bodies', async () => {
    const store = new session.MemoryStore() as any;
    const middleware = session({ secret: 'http2 secret', store, resave: false, saveUninitialized: false, cookie: { maxAge: 60_000 } });
    const server = http2.createServer((req, res) => {
      middleware(req as never, res as never, (err) => {
        if (err) {
          res.statusCode = 500;
          res.end(String(err));
          return;
        }
        const s = (req as unknown as { session: Record<string, number> }).session;
        s.n = (s.n ?? 0) + 1;
        if (req.url === '/stream') {
          res.write('n=');
          setTimeout(() => res.end(String(s.n)), 10);
        } else {
          res.end(String(s.n));
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const first = await request(client, '/');
      assert.equal(first.status, 200);
      assert.equal(first.body, '1');
      assert.match(first.setCookie?.[0] ?? '', /^connect\.sid=s%3A/);
      assert.equal(Object.keys(store.sessions).length, 1);
      const cookie = first.setCookie![0]!.split(';')[0]!;
      const streamed = await request(client, '/stream', cookie);
      assert.equal(streamed.body, 'n=2');
      assert.equal((await request(client, '/', cookie)).body, '3');
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
