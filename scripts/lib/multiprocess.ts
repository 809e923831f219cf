/**
 * Many processes, one store: `node:cluster` workers each serve satchel over the same Redis and
 * the same PostgreSQL table (one port per worker and store); the driver sends requests to the
 * workers round-robin. Checks that a session follows its user from worker to worker, and that
 * concurrent writes to one session from different workers lose nothing.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { uniqueName } from '../../test/support/servers.js';
import { BACKEND_LABEL, openBackend, type BackendKind } from './backends.js';
import { Browser, send, type Reply } from './http.js';

export type SharedKind = 'redis-node' | 'postgres';
export const SHARED_BACKENDS: SharedKind[] = ['redis-node', 'postgres'];

export interface MultiprocessPlan {
  workers: number;
  /** Users that each visit every worker in turn. */
  users: number;
  /** Writes per user, each on the next worker. */
  writesPerUser: number;
  /** Concurrent requests on one session, spread round-robin over the workers. */
  concurrent: number;
}

export interface MultiprocessReport {
  label: string;
  workers: number;
  /** Distinct workers that answered (from `x-worker`). */
  workersSeen: number;
  users: number;
  /** Users whose session was visible, complete, on every worker at the end. */
  usersFollowed: number;
  /** Keys written by users (each on another worker) missing when read back anywhere. */
  followLost: number;
  concurrent: number;
  concurrentAcknowledged: number;
  /** Acknowledged concurrent keys missing afterwards. */
  concurrentLost: number;
  /** Outcomes of the concurrent requests that failed, by status and code. */
  failures: Record<string, number>;
}

const workerScript = fileURLToPath(new URL('./cluster-worker.ts', import.meta.url));

interface Started {
  workers: Worker[];
  ports: Map<string, number[]>;
}

async function startWorkers(count: number, specs: string[]): Promise<Started> {
  cluster.setupPrimary({ exec: workerScript, execArgv: ['--import', 'tsx'], args: specs, silent: false });
  const ports = new Map<string, number[]>();
  const workers = await Promise.all(
    Array.from({ length: count }, () => {
      const worker = cluster.fork();
      return new Promise<Worker>((resolve, reject) => {
        worker.on('message', (message: { kind?: string; port?: number; ready?: boolean }) => {
          if (message.kind && message.port) ports.set(message.kind, [...(ports.get(message.kind) ?? []), message.port]);
          if (message.ready) resolve(worker);
        });
        worker.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
      });
    }),
  );
  return { workers, ports };
}

async function stopWorkers(workers: Worker[]): Promise<void> {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          const timer = setTimeout(() => worker.kill('SIGKILL'), 10_000);
          worker.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          worker.send({ stop: true });
        }),
    ),
  );
}

async function exercise(kind: SharedKind, bases: string[], plan: MultiprocessPlan): Promise<MultiprocessReport> {
  const seen = new Set<string>();
  const note = (reply: Reply) => {
    if (reply.worker) seen.add(reply.worker);
  };
  // 1. A session follows its user: created on one worker, written on each next one, read on all.
  let followLost = 0;
  let usersFollowed = 0;
  await Promise.all(
    Array.from({ length: plan.users }, async (_, u) => {
      const user = new Browser('sid');
      let turn = u;
      const next = () => bases[turn++ % bases.length]!;
      const init = await user.request(next(), 'POST', '/init');
      note(init);
      if (init.status !== 200) throw new Error(`${kind}: /init answered ${init.status}`);
      const written: string[] = ['init'];
      for (let i = 0; i < plan.writesPerUser; i++) {
        const reply = await user.request(next(), 'POST', `/set/u${u}_${i}?delay=0`);
        note(reply);
        if (reply.status !== 200) throw new Error(`${kind}: write answered ${reply.status}`);
        written.push(`u${u}_${i}`);
      }
      let complete = true;
      for (const base of bases) {
        const view = await user.request(base, 'GET', '/keys');
        note(view);
        const present = new Set((view.body.keys as string[] | undefined) ?? []);
        const missing = written.filter((key) => !present.has(key)).length;
        followLost += missing;
        if (missing > 0) complete = false;
      }
      if (complete) usersFollowed++;
    }),
  );
  // 2. Concurrent writes to one session from every worker at once.
  const owner = new Browser('sid');
  const init = await owner.request(bases[0]!, 'POST', '/init');
  if (init.status !== 200 || !owner.cookie) throw new Error(`${kind}: /init answered ${init.status}`);
  const cookie = owner.cookie;
  const replies = await Promise.all(
    Array.from({ length: plan.concurrent }, (_, i) => send(bases[i % bases.length]!, 'POST', `/set/c${i}`, cookie, 'sid')),
  );
  const failures: Record<string, number> = {};
  for (const reply of replies) {
    note(reply);
    if (reply.status === 200) continue;
    const why = `${reply.status} ${String(reply.body.code ?? reply.body.error ?? '')}`.trim();
    failures[why] = (failures[why] ?? 0) + 1;
  }
  const acknowledged = replies.flatMap((reply, i) => (reply.status === 200 ? [`c${i}`] : []));
  const after = await send(bases[1 % bases.length]!, 'GET', '/keys', cookie, 'sid');
  const present = new Set((after.body.keys as string[] | undefined) ?? []);
  return {
    label: BACKEND_LABEL[kind],
    workers: bases.length,
    workersSeen: seen.size,
    users: plan.users,
    usersFollowed,
    followLost,
    concurrent: plan.concurrent,
    concurrentAcknowledged: acknowledged.length,
    concurrentLost: acknowledged.filter((key) => !present.has(key)).length,
    failures,
  };
}

/** Starts the workers (one set serving every shared store), runs both checks per store, stops them. */
export async function runMultiprocess(plan: MultiprocessPlan, kinds: SharedKind[] = SHARED_BACKENDS): Promise<MultiprocessReport[]> {
  if (!cluster.isPrimary) throw new Error('runMultiprocess must run in the primary process');
  const names = new Map<BackendKind, string>(kinds.map((kind) => [kind, uniqueName('rel_mp')]));
  const started = await startWorkers(plan.workers, kinds.map((kind) => `${kind}=${names.get(kind)}`));
  try {
    const reports: MultiprocessReport[] = [];
    for (const kind of kinds) {
      const bases = (started.ports.get(kind) ?? []).map((port) => `http://127.0.0.1:${port}`);
      if (bases.length !== plan.workers) throw new Error(`${kind}: ${bases.length} of ${plan.workers} workers listening`);
      reports.push(await exercise(kind, bases, plan));
    }
    return reports;
  } finally {
    await stopWorkers(started.workers);
    for (const [kind, name] of names) await (await openBackend(kind, { name })).close();
  }
}
