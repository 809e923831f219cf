/** OT-09: the names satchel reports under are the ones the README documents, and the scope version is the package's. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ATTR, METRIC, SCOPE_NAME, SCOPE_VERSION, storeSpanName } from '../../src/telemetry/names.js';

const root = new URL('../..', import.meta.url);
const readme = readFileSync(new URL('README.md', root), 'utf8');
const section = readme.slice(readme.indexOf('## Telemetry (OpenTelemetry)'), readme.indexOf('## TypeScript'));

test('OT-09: the scope is satchel at the package version', () => {
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { name: string; version: string };
  assert.equal(SCOPE_NAME, pkg.name);
  assert.equal(SCOPE_VERSION, pkg.version);
});

test('OT-09: every metric and attribute name is in the README, in semantic-convention style', () => {
  assert.ok(section.length > 500, 'the README has a Telemetry section');
  for (const name of [...Object.values(METRIC), ...Object.values(ATTR)]) {
    assert.ok(section.includes(`\`${name}\``), `${name} is documented`);
    assert.match(name, /^(satchel\.[a-z_]+(\.[a-z_]+)*|error\.type)$/, `${name}: dotted lowercase in the satchel namespace`);
  }
  assert.ok(section.includes(`\`${storeSpanName('<operation>')}\``), 'the span name is documented');
});
