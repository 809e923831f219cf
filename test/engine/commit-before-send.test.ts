import assert from 'node:assert/strict';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import request from 'supertest';
import type { SessionPatch, SessionRecord } from '../../src/index.js';
import { session } from '../../src/index.js';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { EXPRESS, SECRET, makeApp, sessionCookie, setCookies } from './helpers.js';

/** A real MemoryStore whose writes finish only after `ms`: a slow backend. */
function slowStore(ms: number) {
  const store = new MemoryStore({ sweepInterval: 0 });
  const wait = () => new Promise((resolve) => setTimeout(resolve, ms));
  const create = store.create.bind(store);
  const update = store.update.bind(store);
  store.create = async (key: string, record: SessionRecord) => (await wait(), create(key, record));
  store.update = async (key: string, patch: SessionPatch) => (await wait(), update(key, patch));
  return store;
}

for (const [label, express] of EXPRESS) {
  describe(`commit before send (${label})`, () => {
    test('a redirect never beats the save: the record exists when the client sees the 302', async () => {
      const store = slowStore(100);
      const { app } = makeApp(express, { store }, (app) => {
        app.post('/login', (req, res) => {
          req.session.who = 'alice';
          res.redirect('/home');
        });
      });
      const res = await request(app).post('/login').expect(302);
      assert.equal(res.headers.location, '/home');
      assert.equal(await store.length(), 1, 'saved before the response was sent');
      assert.ok(sessionCookie(res));
    });

    test('a second res.end behaves as without the middleware: after a read-only end (same tick) and while a save is in flight', async () => {
      const store = slowStore(50);
      const callbacks: string[] = [];
      const { app } = makeApp(express, { store }, (app) => {
        app.get('/read-twice', (req, res) => {
          res.end(`n=${String(req.session.n ?? 'none')}`, () => callbacks.push('read'));
          res.end();
        });
        app.get('/write-twice', (req, res) => {
          req.session.n = ((req.session.n as number | undefined) ?? 0) + 1;
          res.end('saved', () => callbacks.push('write'));
          res.end();
        });
      });
      const first = await request(app).get('/write-twice').expect(200);
      assert.equal(first.text, 'saved');
      const cookie = sessionCookie(first)!;
      assert.equal(await store.length(), 1, 'the save finished before the response');
      const read = await request(app).get('/read-twice').set('Cookie', cookie).expect(200);
      assert.equal(read.text, 'n=1');
      const again = await request(app).get('/write-twice').set('Cookie', cookie).expect(200);
      assert.equal(again.text, 'saved');
      assert.equal((await request(app).get('/read-twice').set('Cookie', cookie)).text, 'n=2');
      assert.deepEqual(callbacks.sort(), ['read', 'read', 'write', 'write'], "end's callback runs once per response");
    });

    test('res.json and res.send bodies arrive intact after the save', async () => {
      const { app } = makeApp(express, { store: slowStore(30) }, (app) => {
        app.get('/json', (req, res) => {
          req.session.a = 1;
          res.json({ big: 'x'.repeat(100_000) });
        });
      });
      const res = await request(app).get('/json').expect(200);
      assert.equal(res.body.big.length, 100_000);
    });

    test('streamed response: cookie decided at header time, last chunk held until the save is done', async () => {
      const store = slowStore(80);
      const { app } = makeApp(express, { store }, (app) => {
        app.get('/stream', (req, res) => {
          req.session.streamed = true;
          res.write('first,');
          setTimeout(() => res.end('last'), 5);
        });
      });
      const res = await request(app).get('/stream').expect(200);
      assert.equal(res.text, 'first,last');
      assert.ok(sessionCookie(res));
      assert.equal(await store.length(), 1);
    });

    test('T37: Set-Cookie headers given as a raw array to writeHead are kept, next to the session cookie', async () => {
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          req.session.a = 1;
          res.writeHead(200, ['Set-Cookie', 'x=1', 'Set-Cookie', 'y=2', 'Content-Type', 'text/plain']);
          res.end('ok');
        });
      });
      const lines = setCookies(await request(app).get('/').expect(200));
      assert.deepEqual(lines.map((line) => line.split('=')[0]).sort(), ['sid', 'x', 'y']);
    });

    test('a second res.end waits for the first and does not cut the response short', async () => {
      const { app } = makeApp(express, { store: slowStore(30) }, (app) => {
        app.get('/', (req, res) => {
          req.session.a = 1;
          res.end('once');
          res.end();
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.equal(res.text, 'once');
      assert.ok(sessionCookie(res));
    });

    test("res.end(cb) keeps its callback", async () => {
      let called = false;
      const { app } = makeApp(express, {}, (app) => {
        app.get('/', (req, res) => {
          req.session.a = 1;
          res.end('done', () => {
            called = true;
          });
        });
      });
      await request(app).get('/').expect(200);
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(called, true);
    });

    test('explicit save() then end: one write, one cookie', async () => {
      const store = new MemoryStore({ sweepInterval: 0 });
      const { app } = makeApp(express, { store }, (app) => {
        app.get('/', async (req, res) => {
          req.session.a = 1;
          await req.session.save();
          res.send('ok');
        });
      });
      const res = await request(app).get('/').expect(200);
      assert.equal(setCookies(res).length, 1);
      assert.equal(await store.length(), 1);
    });
  });
}

describe('HTTP/2 compat responses', () => {
  test('commit works without res._implicitHeader (node:http2 compat API)', async () => {
    const store = new MemoryStore({ sweepInterval: 0 });
    const mw = session({ secret: SECRET, store });
    const server = http2.createServer((req, res) => {
      mw(req as never, res as never, (error?: unknown) => {
        if (error) {
          res.statusCode = 500;
          res.end();
          return;
        }
        (req as unknown as { session: Record<string, unknown> }).session.h2 = true;
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = http2.connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const headers = await new Promise<http2.IncomingHttpHeaders>((resolve, reject) => {
        const stream = client.request({ ':path': '/' });
        let got: http2.IncomingHttpHeaders = {};
        stream.on('response', (h) => (got = h));
        stream.on('data', () => {});
        stream.on('end', () => resolve(got));
        stream.on('error', reject);
      });
      assert.equal(headers[':status'], 200);
      assert.match(String(headers['set-cookie']), /^sid=s%3A/);
      assert.equal(await store.length(), 1);
    } finally {
      client.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
