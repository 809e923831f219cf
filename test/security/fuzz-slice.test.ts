/**
 * A 20,000-header slice of `npm run fuzz` inside `npm test` (issue 6): the same generator and
 * checks, both middlewares, a fixed seed so a failure reproduces with
 * `npm run fuzz -- --count 20000 --seed <seed>` (override with FUZZ_SEED).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from '../../scripts/fuzz/run.js';

const seed = process.env.FUZZ_SEED === undefined ? 20_261_127 : Number(process.env.FUZZ_SEED);

test(`IN-04 fuzz slice: 20,000 hostile Cookie headers through session() and cookieSession() (seed ${seed}) — 0 escaped, 0 forged`, async () => {
  const stats = await runFuzz({ count: 20_000, seed });
  const detail = JSON.stringify(stats.failures.slice(0, 5), null, 2);
  assert.equal(stats.headers, 20_000);
  assert.equal(stats.runs, 40_000);
  assert.equal(stats.escaped, 0, detail);
  assert.equal(stats.nextErrors, 0, detail);
  assert.equal(stats.unended, 0, detail);
  assert.equal(stats.forged, 0, detail);
  assert.equal(stats.unhandledRejections, 0);
  // The valid cookies in the mix must open, or the slice would only prove that nothing opens.
  assert.ok(stats.accepted.server > 100 && stats.accepted.cookie > 100, JSON.stringify(stats.accepted));
  for (const kind of ['bytes', 'printable', 'mutated', 'structural', 'huge', 'valid'] as const) assert.ok(stats.byKind[kind] > 0, kind);
});
