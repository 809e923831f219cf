import { performance } from 'node:perf_hooks';
import { SessionOptionsError, SessionStoreError } from './errors.js';

/** Default time one backend operation may take. */
export const DEFAULT_OPERATION_TIMEOUT = 5000;

/** One store call still in flight: when it runs out of time and how to fail it. */
interface Pending {
  readonly operation: string;
  readonly timeoutMs: number;
  readonly deadline: number;
  readonly fail: (error: SessionStoreError) => void;
  // Links of the in-flight list; `settled` once it left it.
  prev: Pending | null;
  next: Pending | null;
  settled: boolean;
}

/**
 * Every in-flight store call shares ONE timer, set for the earliest deadline. A timer and a
 * `Promise.race` per call were a measurable share of a request (a Timeout object, three extra
 * promises and timer-list work each time); calls almost always settle long before their deadline,
 * so the shared timer usually fires once per timeout period, finds nothing due, and re-arms.
 * The timer stays ref'd while calls are pending — an unref'd deadline let a process with a hung
 * backend exit with the promise unsettled — and is unref'd (not cleared) when none are, so an
 * idle process can exit and a busy one does not re-create it per call.
 */
// A linked list, not a Set: calls enter and leave it thousands of times a second, and a Set's
// table re-allocates as it grows and shrinks.
let head: Pending | null = null;
let tail: Pending | null = null;
let timer: NodeJS.Timeout | undefined;
let firesAt = Infinity;

function arm(at: number): void {
  if (timer !== undefined && firesAt <= at) {
    timer.ref();
    return;
  }
  if (timer !== undefined) clearTimeout(timer);
  firesAt = at;
  timer = setTimeout(sweep, Math.max(0, Math.ceil(at - performance.now())));
}

function sweep(): void {
  timer = undefined;
  firesAt = Infinity;
  const now = performance.now();
  let next = Infinity;
  for (let entry = head; entry !== null; ) {
    const following: Pending | null = entry.next;
    if (entry.deadline <= now) {
      unlink(entry);
      entry.fail(timedOut(entry));
    } else if (entry.deadline < next) next = entry.deadline;
    entry = following;
  }
  if (next !== Infinity) arm(next);
}

function link(entry: Pending): void {
  entry.prev = tail;
  if (tail === null) head = entry;
  else tail.next = entry;
  tail = entry;
}

function unlink(entry: Pending): void {
  entry.settled = true;
  if (entry.prev === null) head = entry.next;
  else entry.prev.next = entry.next;
  if (entry.next === null) tail = entry.prev;
  else entry.next.prev = entry.prev;
  entry.prev = entry.next = null;
}

function release(entry: Pending): boolean {
  if (entry.settled) return false;
  unlink(entry);
  if (head === null) timer?.unref();
  return true;
}

/**
 * Thrown by a driver adapter when the driver gave up on a command because the deadline the store
 * handed it passed (node-redis aborts a still-queued command through its abort signal). Internal:
 * {@link storeOperation} reports it as the timeout it is, with the driver's error as `cause`.
 */
export class DeadlineReached extends Error {
  constructor(cause: unknown) {
    super('the operation deadline passed', { cause });
    this.name = 'DeadlineReached';
  }
}

function timedOut(entry: Pending, cause?: unknown): SessionStoreError {
  const message = `session store ${entry.operation} did not answer within ${entry.timeoutMs} ms`;
  return new SessionStoreError(entry.operation, message, { code: 'ERR_SESSION_STORE_TIMEOUT', ...(cause === undefined ? {} : { cause }) });
}

/** A store error for a failed call (as is when it already is one), the driver's error as `cause`. */
export function storeFailure(operation: string, error: unknown): SessionStoreError {
  if (error instanceof SessionStoreError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new SessionStoreError(operation, `session store ${operation} failed: ${detail}`, { cause: error });
}

/**
 * Runs one backend operation with a deadline. Any failure becomes a `SessionStoreError` with the
 * driver's error as `cause`, so callers never see driver-specific types and never hang: clients
 * with offline queues (node-redis, ioredis) would otherwise wait for the backend forever. A late
 * answer after the deadline is dropped, never surfaced as an unhandled rejection.
 */
export function storeOperation<T>(operation: string, timeoutMs: number, run: () => Promise<T>): Promise<T> {
  let work: Promise<T>;
  try {
    work = run();
  } catch (error) {
    return Promise.reject(storeFailure(operation, error));
  }
  return new Promise<T>((resolve, reject) => {
    const entry: Pending = { operation, timeoutMs, deadline: performance.now() + timeoutMs, fail: reject, prev: null, next: null, settled: false };
    link(entry);
    arm(entry.deadline);
    Promise.resolve(work).then(
      (value) => {
        if (release(entry)) resolve(value);
      },
      (error: unknown) => {
        if (!release(entry)) return;
        // A call that ran out of time is a timeout whichever timer noticed first: the driver's own
        // deadline (node-redis' abort) and this module's sweep fire at about the same moment.
        if (error instanceof DeadlineReached) reject(timedOut(entry, error.cause));
        else if (performance.now() >= entry.deadline) reject(timedOut(entry, error));
        else reject(storeFailure(operation, error));
      },
    );
  });
}

/** Validates a user-supplied timeout at construction. */
export function resolveOperationTimeout(value: number | undefined): number {
  if (value === undefined) return DEFAULT_OPERATION_TIMEOUT;
  if (!Number.isFinite(value) || value <= 0) {
    throw new SessionOptionsError(`operationTimeout must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}
