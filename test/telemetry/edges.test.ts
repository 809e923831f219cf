/**
 * Telemetry on every framework edge, in both modes: the engines are shared, so one request story
 * per edge (write, read, log out) over real HTTP must show up in the metrics and spans.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { MemoryStore } from '../../src/stores/memory/store.js';
import { Client } from '../edges/client.js';
import type { EdgeHarness } from '../edges/contract.js';
import { expressHarness } from '../edges/harness/express.js';
import { fastifyHarness } from '../edges/harness/fastify.js';
import { honoHarness } from '../edges/harness/hono.js';
import { koaHarness } from '../edges/harness/koa.js';
import { nodeHarness } from '../edges/harness/node.js';
import { webHarness } from '../edges/harness/web.js';
import { api, counted, installOtel, recorded, type Otel } from './otel.js';

const HARNESSES: EdgeHarness[] = [expressHarness, fastifyHarness, koaHarness, honoHarness, nodeHarness, webHarness];
const SECRET = 'edge-telemetry-secret-' + randomBytes(24).toString('base64url');

let otel: Otel;
before(() => {
  otel = installOtel();
});
after(() => otel.uninstall());

/** A memory store named after the edge, so its durations and spans are told apart. */
function storeFor(edge: string): MemoryStore {
  const kind = `memory-${edge.replace(/[^a-z]/g, '')}`;
  return new (class extends MemoryStore {
    override get kind() {
      return kind;
    }
  })({ sweepInterval: 0 });
}

/** Writes, reads and logs out one session; returns the metrics before and after. */
async function story(url: string) {
  const before = await otel.metrics();
  const client = new Client(url);
  assert.equal((await client.post('/set?k=a&v=1')).status, 200);
  assert.deepEqual((await client.get('/read')).json().data, { a: '1' });
  assert.equal((await client.post('/logout')).status, 200);
  return { before, after: await otel.metrics() };
}

for (const harness of HARNESSES) {
  describe(`OT-08: telemetry on ${harness.name}`, () => {
    test('session(): created, destroyed, store durations and spans', async () => {
      const store = storeFor(harness.name);
      const server = await harness.start('stored', { secret: SECRET, store, telemetry: api });
      try {
        const spansBefore = otel.spans().length;
        const { before, after } = await story(server.url);
        const mode = { 'satchel.session.mode': 'store' };
        assert.equal(counted(after, 'satchel.session.created', mode) - counted(before, 'satchel.session.created', mode), 1);
        assert.equal(counted(after, 'satchel.session.destroyed', mode) - counted(before, 'satchel.session.destroyed', mode), 1);
        const calls = (operation: string) => recorded(after, 'satchel.store.operation.duration', { 'satchel.store.name': store.kind, 'satchel.store.operation': operation });
        assert.deepEqual({ create: calls('create'), get: calls('get'), destroy: calls('destroy') }, { create: 1, get: 2, destroy: 1 });
        const names = otel
          .spans()
          .slice(spansBefore)
          .filter((span) => span.attributes['satchel.store.name'] === store.kind)
          .map((span) => span.name);
        assert.deepEqual(names, ['satchel.store create', 'satchel.store get', 'satchel.store get', 'satchel.store destroy']);
      } finally {
        await server.close();
      }
    });

    test('cookieSession(): created, destroyed and the cookie size', async () => {
      const server = await harness.start('sealed', { keys: [randomBytes(32).toString('base64url')], telemetry: api });
      try {
        const { before, after } = await story(server.url);
        const mode = { 'satchel.session.mode': 'cookie' };
        assert.equal(counted(after, 'satchel.session.created', mode) - counted(before, 'satchel.session.created', mode), 1);
        assert.equal(counted(after, 'satchel.session.destroyed', mode) - counted(before, 'satchel.session.destroyed', mode), 1);
        assert.equal(recorded(after, 'satchel.cookie.size', mode) - recorded(before, 'satchel.cookie.size', mode), 1);
      } finally {
        await server.close();
      }
    });
  });
}
