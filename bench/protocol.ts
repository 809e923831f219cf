/** Messages between the runner and the server child (IPC), and what autocannon's child prints. */

/** Counters at one instant, after two forced GCs. */
export interface ServerSnapshot {
  /** Requests the app has seen since start. */
  requests: number;
  /** process.cpuUsage() user + system, µs since start, read before the forced GCs. */
  cpuBeforeGc: number;
  /** The same, read after them: the measured window runs from one's after to the next's before. */
  cpuAfterGc: number;
  heapUsed: number;
  /** Sessions in the in-process store, when the variant can count them. */
  stored: number | null;
  /** Backend round trips counted in-process (PostgreSQL), when the variant counts them. */
  roundTrips: number | null;
  /** GC totals since start, read with cpuBeforeGc (so the forced GCs fall outside). */
  gcBefore: GcTotals;
  /** The same, read after the forced GCs were reported: the next window starts here. */
  gcAfter: GcTotals;
}

/** Garbage collections seen by a perf_hooks observer since the server started. */
export interface GcTotals {
  /** Young-generation collections (scavenges): count and summed pause, ms. */
  minor: number;
  minorMs: number;
  /** Every other kind (mark-compact, incremental marking steps, weak callbacks): summed pause, ms. */
  otherMs: number;
}

export type ServerMessage =
  | { type: 'ready'; port: number }
  | { type: 'unavailable'; reason: string }
  | { type: 'error'; message: string }
  | { type: 'snapshot'; data: ServerSnapshot }
  | { type: 'closed' };

/** One autocannon run, as load.ts prints it. */
export interface LoadResult {
  /** Mean requests per second over the run. */
  rps: number;
  /** Total responses received. */
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency percentiles, ms. */
  p50: number;
  p99: number;
}
