/** Prints a V8 .cpuprofile as self time per package and per function (bench/profile.ts, bench/request-cpu.ts). */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

export interface CpuProfile {
  nodes: ProfileNode[];
}

// Which package a frame belongs to: a node_modules package, satchel's build, node itself, or a bench file.
function where(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 13).split('/').slice(0, url.startsWith('@', modules + 13) ? 2 : 1).join('/');
  if (url.includes('/dist/')) return 'satchel (dist)';
  if (url.startsWith('node:')) return 'node internals';
  if (url === '') return '(native/gc/idle)';
  return url.replace(/^file:\/\/.*?\/(bench|src)\//, '$1/');
}

export function printProfile(profile: CpuProfile, title: string, top: number): void {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const place = where(url);
    const line = url.includes('/dist/') || url.includes('/bench/') ? `:${lineNumber + 1}` : '';
    const name = `${functionName || '(anonymous)'} ${place}${line}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byPackage.set(place, (byPackage.get(place) ?? 0) + hits);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
  console.log(`${title}; ${total} samples\n\nby package:`);
  for (const [name, hits] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(hits)}  ${name}`);
  console.log('\ntop functions (self time):');
  for (const [name, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(hits)}  ${name}`);
}

interface AllocationNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: AllocationNode[];
}

/** A sampled allocation profile (HeapProfiler.stopSampling) as bytes per request by function. */
export function printAllocations(profile: { head: AllocationNode }, requests: number, top = 30): void {
  const byFunction = new Map<string, number>();
  let total = 0;
  // Built-ins (Map, Object.keys, JSON) have no URL: their bytes count for the JS function that called them.
  const walk = (node: AllocationNode, caller: string) => {
    total += node.selfSize;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = url === '' && caller !== '' ? caller : `${functionName || '(anonymous)'} ${where(url)}${url.includes('/dist/') ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child, name);
  };
  walk(profile.head, '');
  console.log(`\nallocated: ${Math.round(total / requests)} B per request (sampled), by function:`);
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? top))) console.log(`${String(Math.round(bytes / requests)).padStart(6)} B  ${name}`);
}

// `node --import tsx bench/profile-report.ts FILE.cpuprofile [top]`: report on a profile written elsewhere.
if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top = '30'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-report.ts FILE.cpuprofile [top]');
  printProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, file, Number(top));
}
