/**
 * Probe: what five own properties added per request cost, on Express 5 and on bare node:http.
 * Express 5 gives every req/res a fresh hidden class (its per-request prototype switch), so each
 * property added afterwards copies that class; node:http objects share theirs. Every session
 * middleware adds these five (req.session, req.sessionID, req.sessionStore, res.end, res.writeHead).
 *   node --import tsx bench/probe/property-adds.ts [--seconds 8] [--rounds 3]
 * Same pinning as the bench: server on core 0, autocannon on core 1, 50 connections.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CORES, runLoad } from '../children.js';

const { values } = parseArgs({ options: { seconds: { type: 'string' }, rounds: { type: 'string' } } });
const seconds = Number(values.seconds ?? 8);
const rounds = Number(values.rounds ?? 3);
const serverFile = fileURLToPath(new URL('./property-adds-server.ts', import.meta.url));

async function measure(stack: string, adds: string): Promise<number> {
  const child = spawn('taskset', ['-c', CORES.server, process.execPath, '--import', 'tsx', serverFile, stack, adds], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  try {
    const { port } = await new Promise<{ port: number }>((resolve, reject) => {
      child.once('message', (message) => resolve(message as { port: number }));
      child.once('exit', (code) => reject(new Error(`probe server exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    await runLoad({ url, connections: 50, seconds: 2, headers: {} });
    return (await runLoad({ url, connections: 50, seconds, headers: {} })).rps;
  } finally {
    child.kill('SIGKILL');
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
console.log(`| stack | req/s without | req/s with 5 adds | ratio | µs per request added |`);
console.log(`|---|---:|---:|---:|---:|`);
for (const stack of ['express', 'node']) {
  const without: number[] = [];
  const withAdds: number[] = [];
  for (let round = 0; round < rounds; round++) {
    without.push(await measure(stack, 'none'));
    withAdds.push(await measure(stack, 'five'));
  }
  const a = median(without);
  const b = median(withAdds);
  console.log(`| ${stack === 'express' ? 'Express 5' : 'node:http'} | ${Math.round(a)} | ${Math.round(b)} | ${(b / a).toFixed(2)} | ${(1e6 / b - 1e6 / a).toFixed(1)} |`);
}
