/**
 * The load child: one autocannon run against the server, result printed as JSON on stdout.
 * Started by cell.ts pinned to core 1. Argument: a JSON object { url, connections, seconds, headers }.
 */
import autocannon from 'autocannon';
import type { LoadResult } from './protocol.js';

interface LoadArgs {
  url: string;
  connections: number;
  seconds: number;
  headers: Record<string, string>;
}

const args = JSON.parse(process.argv[2] ?? '{}') as LoadArgs;
const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  headers: args.headers,
});
const out: LoadResult = {
  rps: result.requests.average,
  total: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  p50: result.latency.p50,
  p99: result.latency.p99,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
