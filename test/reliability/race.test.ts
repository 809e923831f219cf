import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runRace } from '../../scripts/race/run.js';
import { ALL_BACKENDS, BACKEND_LABEL } from '../../scripts/lib/backends.js';
import { expressSessionMemory, satchelTarget } from '../../scripts/lib/targets.js';

// `npm run race` is the 1,000-request measurement; this is its 100-request slice.
describe('lost updates: 100 concurrent requests on one session, each setting its own key', () => {
  for (const kind of ALL_BACKENDS) {
    test(`stores §12.3 (no clobber): ${BACKEND_LABEL[kind]} keeps every acknowledged key`, { timeout: 60_000 }, async () => {
      const result = await runRace(satchelTarget(kind), 100);
      assert.deepEqual(result.failures, {});
      assert.equal(result.acknowledged, 100);
      assert.equal(result.lost, 0);
    });
  }

  // The baseline proves the race is real: if express-session stopped losing keys here, the
  // test above would be measuring nothing.
  test('baseline: express-session + MemoryStore loses keys under the same race', { timeout: 60_000 }, async () => {
    const result = await runRace(expressSessionMemory, 100);
    assert.equal(result.acknowledged, 100);
    assert.ok(result.lost > 0, 'express-session lost no key: the race did not happen');
  });
});
