/** Turns cell results into the markdown tables printed and written to results.md. */
import type { CellResult, Scenario } from './cell.js';
import { FRAMEWORK_NAMES, type VariantDef } from './variants/types.js';

/** All results of one run, keyed by variant id then scenario. */
export type RunResults = Map<string, Map<Scenario, CellResult>>;

const fixed = (n: number, digits: number) => n.toFixed(digits);
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** The ratio base of each row: one id for all, or per row (each framework's bare row). */
export type Baseline = string | ((variant: VariantDef) => string);
const baseOf = (baseline: Baseline, variant: VariantDef) => (typeof baseline === 'string' ? baseline : baseline(variant));

/**
 * A heading row before each framework's first row, when the rows span several frameworks (each
 * framework's ratios are against its own bare row).
 */
export function heading(variants: readonly VariantDef[], index: number, width: number): string[] {
  const framework = (v: VariantDef | undefined) => v?.framework ?? 'express';
  if (new Set(variants.map(framework)).size < 2) return [];
  const here = framework(variants[index]);
  if (index > 0 && framework(variants[index - 1]) === here) return [];
  // Two Express majors: the version tells their bare rows apart; one major per other framework.
  const bare = here === 'express4' ? FRAMEWORK_NAMES[here] : FRAMEWORK_NAMES[here].split(' ')[0];
  return [row([`**${FRAMEWORK_NAMES[here]}** (÷ bare ${bare})`, ...Array.from({ length: width - 1 }, () => '')])];
}

/** Throughput of `cell` divided by the baseline's in the same scenario, or null. */
export function ratio(cell: CellResult | undefined, baseline: CellResult | undefined): number | null {
  if (cell?.status !== 'ok' || baseline?.status !== 'ok' || baseline.load.rps === 0) return null;
  return cell.load.rps / baseline.load.rps;
}

function roundTripText(cell: Extract<CellResult, { status: 'ok' }>): string {
  if (!cell.roundTrips) return '—';
  const split = Object.entries(cell.roundTrips.split)
    .sort((a, b) => b[1] - a[1])
    .map(([name, n]) => `${name} ${fixed(n, 2)}`)
    .join(', ');
  const main = split ? `${fixed(cell.roundTrips.perRequest, 2)} (${split})` : fixed(cell.roundTrips.perRequest, 2);
  return cell.executed === null ? main : `${main}; executed ${fixed(cell.executed, 2)}`;
}

export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The bare row's CPU µs per request divided by the row's: the throughput ratio a CPU-bound
 * one-core server would reach. Far steadier than req/s when other work shares the machine.
 */
export function cpuRatio(cell: CellResult | undefined, baseline: CellResult | undefined): number | null {
  if (cell?.status !== 'ok' || baseline?.status !== 'ok' || cell.cpuPerRequest <= 0) return null;
  return baseline.cpuPerRequest / cell.cpuPerRequest;
}

/** Ratio to the row's bare framework per scenario, one row per variant (the bench/README.md layout). */
export function summaryTable(variants: readonly VariantDef[], results: RunResults, scenarios: readonly Scenario[], baseline: Baseline): string {
  const lines = [row(['variant', ...scenarios]), row(['---', ...scenarios.map(() => '---:')])];
  for (const [index, variant] of variants.entries()) {
    lines.push(...heading(variants, index, scenarios.length + 1));
    const baselineId = baseOf(baseline, variant);
    const cells = scenarios.map((scenario) => {
      const cell = results.get(variant.id)?.get(scenario);
      if (!cell) return '—';
      if (cell.status !== 'ok') return cell.status === 'n/a' ? 'n/a (not built yet)' : 'error';
      const baseline = results.get(baselineId)?.get(scenario);
      const r = ratio(cell, baseline);
      const c = cpuRatio(cell, baseline);
      const text = r === null ? `${thousands(cell.load.rps)} req/s` : `${fixed(r, 2)} (${thousands(cell.load.rps)})`;
      return c === null ? text : `${text} · cpu ${fixed(c, 2)}`;
    });
    lines.push(row([variant.label, ...cells]));
  }
  return lines.join('\n');
}

/** Every measurement, one row per variant × scenario. */
export function detailTable(variants: readonly VariantDef[], results: RunResults, scenarios: readonly Scenario[], baseline: Baseline): string {
  const header = ['variant', 'scenario', 'req/s', '÷ bare', 'cpu ÷ bare', 'p50 ms', 'p99 ms', 'CPU µs/req', 'GC µs/req', 'scavenge ms', 'heap B/session', 'round trips/req'];
  const lines = [row(header), row(header.map((_, i) => (i < 2 ? '---' : '---:')))];
  for (const [index, variant] of variants.entries()) {
    lines.push(...heading(variants, index, header.length));
    const baselineId = baseOf(baseline, variant);
    for (const scenario of scenarios) {
      const cell = results.get(variant.id)?.get(scenario);
      if (!cell) continue;
      if (cell.status !== 'ok') {
        const text = cell.status === 'n/a' ? 'n/a (not built yet)' : `error: ${cell.reason.split('\n')[0]?.slice(0, 120)}`;
        lines.push(row([variant.label, scenario, text, ...header.slice(3).map(() => '')]));
        continue;
      }
      const r = ratio(cell, results.get(baselineId)?.get(scenario));
      lines.push(
        row([
          variant.label,
          scenario,
          thousands(cell.load.rps),
          r === null ? '—' : fixed(r, 2),
          ((c) => (c === null ? '—' : fixed(c, 2)))(cpuRatio(cell, results.get(baselineId)?.get(scenario))),
          String(cell.load.p50),
          String(cell.load.p99),
          fixed(cell.cpuPerRequest, 1),
          cell.gc ? fixed(cell.gc.perRequest, 1) : '—',
          cell.gc?.scavengeMs == null ? '—' : fixed(cell.gc.scavengeMs, 2),
          cell.heapPerSession === null ? '—' : thousands(cell.heapPerSession),
          roundTripText(cell),
        ]),
      );
    }
  }
  return lines.join('\n');
}

/** What each column means; printed under the table. */
export const COLUMN_NOTES = `- **req/s**: autocannon's mean requests per second over the measured run (50 connections, after a warm-up that is not measured). Every response was 2xx, or the cell reads "error".
- **÷ bare**: req/s divided by the bare row's req/s of the same framework (bare Express for the Express rows, bare Fastify for the Fastify rows, …) for the same scenario in this run.
- **cpu ÷ bare** (and "cpu" in the summary): that bare row's CPU µs/req in the same scenario ÷ this row's — the throughput ratio a CPU-bound one-core server would reach. It is much steadier than req/s when other work shares the machine; compare both.
- **p50/p99 ms**: autocannon's latency percentiles over the measured run.
- **CPU µs/req**: the server process's \`process.cpuUsage()\` (user + system) over the measured window divided by the requests the app counted in it; includes the session library, the framework, Node's HTTP stack and driver work (not Redis's or PostgreSQL's own CPU).
- **GC µs/req**: the server's garbage-collection pauses in the measured window (a \`perf_hooks\` observer, every kind) ÷ requests; part of CPU µs/req. **scavenge ms**: the mean young-generation pause. A row whose scavenges run far longer than its bare row's keeps request objects alive across collections (a per-request closure stored on the response did that once; bench/README.md).
- **heap B/session** (/new, in-process stores only): heapUsed after two forced GCs (\`--expose-gc\`) after the /new run minus before it, divided by how many sessions the store gained (the store's own length). "—" where sessions do not live in the server's heap.
- **round trips/req**: Redis rows: commands the server's Redis client sent, counted with MONITOR over a probe of 20 sequential requests made right after the measured run (same route and cookie), ÷ 20, split per command; MONITOR is off during the measured run (it slows Redis). "executed" is the \`INFO commandstats\` delta of the bench's private redis-server over the measured window ÷ requests (\`info\` excluded): it also counts the commands a Lua script runs inside one EVALSHA, so it can exceed the round trips. PostgreSQL and MySQL rows: statements sent by the pool's connections (a counting \`pg.Client\` subclass; mysql2's pooled connections with \`query\`/\`execute\` wrapped) over the measured window ÷ requests. SQLite (in-process) has no round trips.
- **n/a (not built yet)**: the satchel module for that row does not exist yet; **error**: the row failed (reason shown).`;
