/** Combining repeated rounds of the same cell: the machine is shared, so one run can be unlucky. */
import type { CellResult } from './cell.js';

/**
 * The round with the median throughput (lower median for an even count), so every column of
 * the row comes from one real run; with no successful round, the first failure.
 */
export function medianCell(rounds: readonly CellResult[]): CellResult | undefined {
  const ok = rounds.filter((c): c is Extract<CellResult, { status: 'ok' }> => c.status === 'ok');
  if (ok.length === 0) return rounds[0];
  const sorted = [...ok].sort((a, b) => a.load.rps - b.load.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** max/min − 1 of the rounds' throughput: how much the rounds disagreed. */
export function spread(rounds: readonly CellResult[]): number | null {
  const rps = rounds.flatMap((c) => (c.status === 'ok' ? [c.load.rps] : []));
  if (rps.length < 2) return null;
  return Math.max(...rps) / Math.min(...rps) - 1;
}

/** The median of numbers (the mean of the middle two for an even count), e.g. of per-round ratios. */
export function medianOf(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
