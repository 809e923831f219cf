/**
 * Garbage-collection totals of the server child, from a perf_hooks observer. A CPU profile shows
 * GC as one line with no owner; a row that keeps whole requests alive across young-generation
 * collections shows here as scavenges far longer than its bare row's (see bench/README.md).
 */
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { GcTotals } from './protocol.js';

const totals: GcTotals = { minor: 0, minorMs: 0, otherMs: 0 };

function count(entry: PerformanceEntry): void {
  const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
  if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
    totals.minor++;
    totals.minorMs += entry.duration;
  } else {
    totals.otherMs += entry.duration;
  }
}

/** Starts counting (once per process). */
export function watchGc(): void {
  new PerformanceObserver((list) => list.getEntries().forEach(count)).observe({ entryTypes: ['gc'] });
}

/** The totals so far, as a copy. */
export function gcTotals(): GcTotals {
  return { ...totals };
}

/** Waits until the observer has been told of the collections that already ran (it is told asynchronously). */
export function gcReported(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 10));
}
