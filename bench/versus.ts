/**
 * The table the performance issue's closing note quotes: for every satchel row and scenario,
 * satchel ÷ the floor of its mode and satchel ÷ the best peer of its mode, in the same run. A
 * mode is a framework and a backend (Express 5 + Redis, Express 4 + sealed cookie, …), so every
 * comparison is between rows that differ only in the session layer.
 */
import type { CellResult, Scenario } from './cell.js';
import { medianOf } from './median.js';
import { cpuRatio, heading, ratio, row, type RunResults } from './table.js';
import type { VariantDef } from './variants/types.js';

/** The issue's targets: satchel ÷ floor at least this (sealed cookies 0.85, the rest 0.90); ahead of every peer. */
export const floorTarget = (variant: VariantDef): number => (variant.backend === 'cookie' ? 0.85 : 0.9);

const sameMode = (a: VariantDef, b: VariantDef) => (a.framework ?? 'express') === (b.framework ?? 'express') && a.backend === b.backend;
/** A peer's name without its parenthetical setup note. */
const shortLabel = (variant: VariantDef) => variant.label.replace(/ \(.*\)$/, '');
const okRps = (cell: CellResult | undefined) => (cell?.status === 'ok' ? cell.load.rps : -1);

/** Every round's cells of a run, by row and scenario, in round order (run.ts). */
export type RoundResults = Map<string, Map<Scenario, CellResult[]>>;

/**
 * The median over rounds of `measure(mine, against)` taken within each round, with its range;
 * null unless both rows have the same rounds and at least two of them measured. Cells of one round
 * ran back to back (order.ts), so a round's ratio escapes the drift between rounds that a ratio
 * of two medians (from different rounds) keeps.
 */
function paired(mine: CellResult[] | undefined, against: CellResult[] | undefined, measure: (a: CellResult, b: CellResult) => number | null): { median: number; min: number; max: number } | null {
  if (!mine || !against || mine.length !== against.length) return null;
  const values = mine.flatMap((cell, i) => {
    const value = measure(cell, against[i]!);
    return value === null ? [] : [value];
  });
  if (values.length < 2) return null;
  return { median: medianOf(values), min: Math.min(...values), max: Math.max(...values) };
}

function compared(id: string, againstId: string, scenario: Scenario, results: RunResults, rounds: RoundResults | undefined, target: number, name = ''): string {
  const cell = results.get(id)?.get(scenario);
  const against = results.get(againstId)?.get(scenario);
  const mine = rounds?.get(id)?.get(scenario);
  const theirs = rounds?.get(againstId)?.get(scenario);
  const pairs = paired(mine, theirs, ratio);
  const r = pairs?.median ?? ratio(cell, against);
  if (r === null) return '—';
  const c = paired(mine, theirs, cpuRatio)?.median ?? cpuRatio(cell, against);
  const miss = r < target ? ' ✗' : '';
  const range = pairs ? ` [${pairs.min.toFixed(2)}–${pairs.max.toFixed(2)}]` : '';
  return `${r.toFixed(2)}${miss}${range}${c === null ? '' : ` · cpu ${c.toFixed(2)}`}${name ? ` (${name})` : ''}`;
}

/** One row per satchel row that has a floor or a peer of its mode; columns ÷ floor and ÷ best peer per scenario. */
export function versusTable(variants: readonly VariantDef[], results: RunResults, scenarios: readonly Scenario[], rounds?: RoundResults): string {
  const header = ['satchel row', ...scenarios.flatMap((s) => [`${s} ÷ floor`, `${s} ÷ best peer`])];
  const lines = [row(header), row(header.map((_, i) => (i === 0 ? '---' : '---:')))];
  const rows = variants.filter((v) => v.group === 'satchel' && variants.some((o) => o.group !== 'satchel' && o.group !== 'baseline' && sameMode(o, v)));
  for (const [index, variant] of rows.entries()) {
    lines.push(...heading(rows, index, header.length));
    const floor = variants.find((v) => v.group === 'floor' && sameMode(v, variant));
    const peers = variants.filter((v) => v.group === 'peer' && sameMode(v, variant));
    const cells = scenarios.flatMap((scenario) => {
      const best = peers.reduce<VariantDef | undefined>((a, p) => (okRps(results.get(p.id)?.get(scenario)) > okRps(a && results.get(a.id)?.get(scenario)) ? p : a), undefined);
      return [
        floor ? compared(variant.id, floor.id, scenario, results, rounds, floorTarget(variant)) : 'no floor',
        best ? compared(variant.id, best.id, scenario, results, rounds, 1, shortLabel(best)) : 'no peer',
      ];
    });
    lines.push(row([variant.label, ...cells]));
  }
  return lines.join('\n');
}

export const VERSUS_NOTES = `- **÷ floor**: satchel's req/s ÷ the floor row's of the same framework and backend (memory, Redis, sealed cookie, PostgreSQL; variants/floor.ts), same scenario, same run; "cpu" is the floor's CPU µs/req ÷ satchel's. With several rounds, each ratio is the median of the rounds' own ratios (the two cells of a round ran back to back), with the range over rounds in brackets. ✗: below the issue's target (0.90; 0.85 for sealed cookies). The encryption-at-rest rows are held to the plain floor, so their gap is the cost of encryption.
- **÷ best peer**: satchel's req/s ÷ that of the fastest peer of the same framework and backend in that scenario (named); ✗: not ahead of it. "no floor"/"no peer": the mode has none in this run (e.g. no MySQL or SQLite floor).`;
