import type { SessionEventName, SessionMiddleware } from '../src/index.js';

/** One lifecycle event as the page shows it. */
export interface LoggedEvent {
  at: number;
  /** `store` for `session()`, `cookie` for `cookieSession()`. */
  mode: 'store' | 'cookie';
  type: string;
  /** Event details: keyed id hashes (never ids), reasons, user names. */
  detail: string;
}

const KEEP = 20;
const STORE_EVENTS: SessionEventName[] = ['created', 'regenerated', 'destroyed', 'expired', 'rejected', 'login', 'logout', 'conflict', 'error'];
const COOKIE_EVENTS = ['created', 'destroyed', 'expired', 'rejected'] as const;

/** The part of the `cookieSession()` middleware the log listens to. */
interface CookieEvents {
  on(event: (typeof COOKIE_EVENTS)[number], listener: (payload: object) => void): unknown;
}

const short = (hash: unknown) => (typeof hash === 'string' ? `#${hash.slice(0, 8)}` : '');

function describe(payload: Record<string, unknown>): string {
  const parts: string[] = [];
  if (payload.session) parts.push(`session ${short(payload.session)}`);
  if (payload.previous) parts.push(`was ${short(payload.previous)}`);
  if (payload.userId) parts.push(`user ${String(payload.userId)}`);
  if (payload.reason) parts.push(`reason ${String(payload.reason)}`);
  // Timeouts arrive as `expired`; an unknown id was logged out, purged long ago, or never issued.
  if (payload.reason === 'unknown_id') parts.push('(logged out, purged, or never existed)');
  if (payload.error instanceof Error) parts.push(`${payload.error.name}: ${payload.error.message}`);
  return parts.join(', ');
}

/** The last {@link KEEP} events of both middlewares, newest first, in memory. */
export class EventLog {
  private readonly entries: LoggedEvent[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  add(mode: LoggedEvent['mode'], type: string, payload: Record<string, unknown>): void {
    this.entries.unshift({ at: this.now(), mode, type, detail: describe(payload) });
    this.entries.length = Math.min(this.entries.length, KEEP);
  }

  /** Newest first. */
  list(): readonly LoggedEvent[] {
    return this.entries;
  }

  /** Subscribes to every event `session()` emits. */
  watchStore(middleware: SessionMiddleware): void {
    for (const type of STORE_EVENTS) middleware.on(type, (payload) => this.add('store', type, payload as Record<string, unknown>));
  }

  /** Subscribes to every event `cookieSession()` emits. */
  watchCookie(middleware: CookieEvents): void {
    for (const type of COOKIE_EVENTS) middleware.on(type, (payload) => this.add('cookie', type, (payload ?? {}) as Record<string, unknown>));
  }
}
