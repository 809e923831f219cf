import net from 'node:net';
import http from 'node:http';
import { findVariant } from './variants/index.js';
import { SERVERS } from './variants/shared.js';
import { buildBenchApp, PROXY_HEADERS } from './app.js';
process.env.NODE_ENV = 'production';
const counts: Record<string, number[]> = {};
let current: string[] = [];
const proto = net.Socket.prototype as any;
const origWritev = proto._writev, origWrite = proto._write;
proto._writev = function (chunks: any[], cb: any) { current.push(`writev(${chunks.length}: ${chunks.map((c: any) => (c.chunk ?? c).length).join('+')})`); return origWritev.call(this, chunks, cb); };
proto._write = function (chunk: any, enc: any, cb: any) { current.push(`write(${chunk.length})`); return origWrite.call(this, chunk, enc, cb); };
for (const id of process.argv.slice(2)) {
  const instance: any = await findVariant(id).create({ ...SERVERS, tmpDir: '/tmp', unique: 'w' } as any);
  const listener = 'listener' in instance ? instance.listener : buildBenchApp(instance);
  const server = http.createServer(listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as any).port;
  const agent = new http.Agent({ keepAlive: true });
  for (const path of ['/new', '/new', '/read']) {
    current = [];
    const res: any = await new Promise((resolve) => http.get({ port, path, agent, headers: PROXY_HEADERS }, (r) => { r.resume(); r.on('end', () => resolve(r)); }));
    await new Promise((r) => setTimeout(r, 20));
    console.log(id, path, current.filter(Boolean).join(' '), JSON.stringify(res.rawHeaders).length);
  }
  agent.destroy(); server.close(); await instance.close();
}
