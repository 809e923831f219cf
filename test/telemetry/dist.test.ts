/**
 * The published builds find the optional peer by themselves: `require('satchel')` and
 * `import('satchel')` (from dist/, as an app loads them; `npm test` builds first) each report a
 * created session to a registered SDK with no `telemetry` option. Each build runs in its own
 * process, with the SDK registered by the script, so nothing of src/ is involved.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';

const root = new URL('../..', import.meta.url).pathname;

/** A script: register the SDK, build an app from `satchel`, make one session, print the counters. */
function script(load: string): string {
  return `
    const otel = require('@opentelemetry/api');
    const { MeterProvider, MetricReader } = require('@opentelemetry/sdk-metrics');
    const http = require('node:http');
    class Reader extends MetricReader { async onForceFlush() {} async onShutdown() {} }
    const reader = new Reader();
    otel.metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    (async () => {
      const satchel = ${load};
      const mw = satchel.session({ secret: 'dist-telemetry-secret-of-at-least-32-chars', store: new satchel.MemoryStore({ sweepInterval: 0 }) });
      const server = http.createServer((req, res) => mw(req, res, () => { req.session.n = 1; res.end('ok'); }));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      // The API is imported in the background: sessions made before it arrives are not counted,
      // so ask until one is (a machine under load may take a while).
      let metric;
      for (let attempt = 0; attempt < 100 && !metric; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        await fetch('http://127.0.0.1:' + server.address().port + '/');
        const { resourceMetrics } = await reader.collect();
        metric = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === 'satchel.session.created');
      }
      server.close();
      process.stdout.write(JSON.stringify(metric ? metric.dataPoints.map((p) => [p.attributes, p.value]) : null));
    })();
  `;
}

describe('OT-01: the builds load @opentelemetry/api themselves', () => {
  for (const [format, load] of [
    ['CommonJS (require)', "require('satchel')"],
    ['ESM (import)', "await import('satchel')"],
  ] as const) {
    test(`${format}: a created session is counted`, () => {
      const out = execFileSync(process.execPath, ['-e', script(load)], { cwd: root, encoding: 'utf8' });
      assert.deepEqual(JSON.parse(out), [[{ 'satchel.session.mode': 'store' }, 1]]);
    });
  }
});
