/**
 * `npm run bench -- --micro`: ops/s and µs/op of each library's hot primitive, all in one
 * process and one run (so they share the machine's state). Each case runs for a fixed time
 * after a short warm-up; async cases are awaited one at a time.
 */
import { microCases } from './micro/cases.js';
import { NotBuiltError } from './variants/types.js';

const WARM_MS = 300;
const RUN_MS = Number(process.env.BENCH_MICRO_MS ?? 1500);

async function measure(fn: () => unknown, ms: number): Promise<{ ops: number; nanos: number }> {
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let ops = 0;
  let now = start;
  while (now < deadline) {
    for (let i = 0; i < 50; i++) {
      const result = fn();
      if (result instanceof Promise) await result;
    }
    ops += 50;
    now = process.hrtime.bigint();
  }
  return { ops, nanos: Number(now - start) };
}

/** Runs every case, prints a markdown table and returns it. */
export async function runMicro(): Promise<string> {
  const lines = ['| primitive | library | ops/s | µs/op |', '|---|---|---:|---:|'];
  for (const c of microCases) {
    let cells: string[];
    try {
      const fn = await c.setup();
      await measure(fn, WARM_MS);
      const { ops, nanos } = await measure(fn, RUN_MS);
      cells = [Math.round((ops * 1e9) / nanos).toLocaleString('en-US'), (nanos / ops / 1000).toFixed(2)];
    } catch (error) {
      cells = [error instanceof NotBuiltError ? 'n/a (not built yet)' : `error: ${(error as Error).message}`, ''];
    }
    lines.push(`| ${c.group} | ${c.label} | ${cells.join(' | ')} |`);
    console.error(`  ${c.label}: ${cells.join(' ops/s, ')} µs/op`);
  }
  const table = `${lines.join('\n')}\n\nNode ${process.version}; one process, unpinned, ${RUN_MS} ms per case after ${WARM_MS} ms warm-up; each op is one make + one check of the same payload.`;
  console.log(`\n${table}`);
  return table;
}
