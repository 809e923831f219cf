/**
 * Where one row's time goes: serves `variant` in a server child started with `--cpu-prof`, loads
 * one scenario for a few seconds, and prints the top self-time functions and the share per
 * package. Not a measurement of speed (the profiler slows everything a little); compare the
 * shape of two rows, e.g. a satchel row against its floor.
 *
 *   node --import tsx bench/profile.ts satchel-memory /write [seconds] [top]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { SERVERS } from './variants/shared.js';
import { PROXY_HEADERS } from './app.js';
import { printProfile, type CpuProfile } from './profile-report.js';

const [variant = 'satchel-memory', scenario = '/read', secondsArg = '5', topArg = '25'] = process.argv.slice(2);
const dir = mkdtempSync(join(tmpdir(), 'satchel-profile-'));
const context = { ...SERVERS, tmpDir: dir, unique: `profile_${process.pid}` };
const server = spawn(process.execPath, ['--expose-gc', '--cpu-prof', '--cpu-prof-dir', dir, '--import', 'tsx', new URL('./server.ts', import.meta.url).pathname, variant], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production', BENCH_CONTEXT: JSON.stringify(context) },
});
const message = () => new Promise<{ type: string; port?: number }>((resolve) => server.once('message', resolve));
const ready = await message();
if (ready.type !== 'ready') throw new Error(`server: ${JSON.stringify(ready)}`);
const base = `http://127.0.0.1:${ready.port}`;

const headers: Record<string, string> = { ...PROXY_HEADERS };
if (scenario !== '/new') {
  const first = await fetch(`${base}/new`, { headers });
  const cookies = first.headers.getSetCookie().map((line) => line.split(';')[0]);
  headers.cookie = cookies.join('; ');
}
const result = await autocannon({ url: `${base}${scenario}`, connections: 50, duration: Number(secondsArg), headers });
const closed = message();
server.send({ type: 'close' });
await closed;
await new Promise((resolve) => server.once('exit', resolve));

const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
if (!file) throw new Error('no profile written');
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
// PROFILE_OUT=file keeps the profile (with the request count) for bench/profile-report.ts --diff.
if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify({ ...profile, requests: result.requests.total }));
rmSync(dir, { recursive: true, force: true });

printProfile(profile, `${variant} ${scenario}: ${Math.round(result.requests.average)} req/s under the profiler, ${result.non2xx} non-2xx`, Number(topArg));
