/**
 * Crash-restart under load: the apps (one per store) run in a child process; users create
 * sessions and keep writing; the child is killed with SIGKILL mid-load and started again on the
 * same ports. Every session and key whose response arrived before the kill must still be there.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uniqueName } from '../../test/support/servers.js';
import { BACKEND_LABEL, openBackend, type BackendKind } from './backends.js';
import { Browser, type Reply } from './http.js';

export type RestartKind = Exclude<BackendKind, 'memory'>;
export const RESTART_BACKENDS: RestartKind[] = ['sqlite', 'redis-node', 'redis-io', 'postgres', 'mariadb'];

export interface RestartPlan {
  /** Concurrent users per store. */
  users: number;
  /** Load time before the kill (ms), at least. */
  loadMs: number;
  /** Also wait until every store has acknowledged this many writes before killing (a slow machine still kills mid-load). @default 20 */
  minWrites?: number;
}

export interface RestartReport {
  label: string;
  /** Sessions whose creating response arrived before the kill. */
  sessionsAcknowledged: number;
  sessionsLost: number;
  /** Writes (keys) acknowledged before the kill. */
  keysAcknowledged: number;
  keysLost: number;
  /** Requests sent before the kill that never got an answer. */
  inFlightAtKill: number;
}

const childScript = fileURLToPath(new URL('./restart-child.ts', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface App {
  proc: ChildProcess;
  ports: Map<string, number>;
}

async function startApps(specs: Array<{ kind: RestartKind; name: string; port: number }>): Promise<App> {
  const args = specs.map((s) => `${s.kind}=${s.name}=${s.port}`);
  const proc = spawn(process.execPath, ['--import', 'tsx', childScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = new Map<string, number>();
  await new Promise<void>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const match of out.matchAll(/ready (\S+) (\d+)\n/g)) ports.set(match[1]!, Number(match[2]));
      if (/^ready$/m.test(out)) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`the app process exited with ${code} before it was ready`)));
  });
  return { proc, ports };
}

function kill(proc: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.once('exit', () => resolve());
    proc.kill(signal);
  });
}

interface User {
  browser: Browser;
  keys: string[];
}

/** Kills one process serving every store in `kinds` once, restarts it, and reports per store. */
export async function runRestart(kinds: RestartKind[], plan: RestartPlan): Promise<RestartReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'satchel-restart-'));
  const specs = kinds.map((kind) => ({ kind, name: kind === 'sqlite' ? join(dir, 'sessions.db') : uniqueName('rel_restart'), port: 0 }));
  let app = await startApps(specs);
  try {
    let alive = true;
    let killAt = Number.POSITIVE_INFINITY;
    const perKind = kinds.map((kind) => ({ kind, base: `http://127.0.0.1:${app.ports.get(kind)}`, users: [] as User[], inFlight: 0 }));
    const send = async (target: (typeof perKind)[number], browser: Browser, method: string, path: string): Promise<Reply> => {
      const sent = performance.now();
      const reply = await browser.request(target.base, method, path);
      if (reply.status === 0 && sent < killAt) target.inFlight++;
      return reply;
    };
    // Each user: create a session, then write new keys into it; a new session every 10 writes.
    const loop = async (target: (typeof perKind)[number], index: number) => {
      let n = 0;
      while (alive) {
        const user: User = { browser: new Browser('sid', 10_000), keys: [] };
        if ((await send(target, user.browser, 'POST', '/init')).status !== 200) return;
        target.users.push(user);
        for (let i = 0; i < 10; i++) {
          const key = `u${index}_${n++}`;
          if ((await send(target, user.browser, 'POST', `/set/${key}?delay=0`)).status !== 200) return;
          user.keys.push(key);
        }
      }
    };
    const loads = perKind.flatMap((target) => Array.from({ length: plan.users }, (_, i) => loop(target, i)));
    await sleep(plan.loadMs);
    const writes = (target: (typeof perKind)[number]) => target.users.reduce((sum, user) => sum + user.keys.length, 0);
    const loadDeadline = performance.now() + 60_000;
    while (perKind.some((target) => writes(target) < (plan.minWrites ?? 20)) && performance.now() < loadDeadline) await sleep(50);
    // Killed while users are still sending: in-flight requests die with it (never acknowledged).
    killAt = performance.now();
    await kill(app.proc, 'SIGKILL');
    alive = false;
    await Promise.all(loads);
    app = await startApps(specs.map((spec) => ({ ...spec, port: app.ports.get(spec.kind)! })));
    const reports: RestartReport[] = [];
    for (const target of perKind) {
      let sessionsLost = 0;
      let keysLost = 0;
      for (const user of target.users) {
        const view = await user.browser.request(target.base, 'GET', '/keys');
        if (view.status !== 200) throw new Error(`${target.kind}: the restarted app answered ${view.status}`);
        const present = new Set((view.body.keys as string[] | undefined) ?? []);
        if (!present.has('init')) sessionsLost++;
        keysLost += user.keys.filter((key) => !present.has(key)).length;
      }
      reports.push({
        label: BACKEND_LABEL[target.kind],
        sessionsAcknowledged: target.users.length,
        sessionsLost,
        keysAcknowledged: target.users.reduce((sum, user) => sum + user.keys.length, 0),
        keysLost,
        inFlightAtKill: target.inFlight,
      });
    }
    return reports;
  } finally {
    await kill(app.proc, 'SIGTERM');
    for (const spec of specs) if (spec.kind !== 'sqlite') await (await openBackend(spec.kind, { name: spec.name })).close();
    rmSync(dir, { recursive: true, force: true });
  }
}
