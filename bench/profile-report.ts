/** Prints a V8 .cpuprofile as self time per package and per function (bench/profile.ts, bench/request-cpu.ts). */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime?: number;
  endTime?: number;
  /** Added by bench/profile.ts (PROFILE_OUT): requests served while profiling. */
  requests?: number;
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

function nameOf({ callFrame: { functionName, url, lineNumber } }: ProfileNode): string {
  const place = where(url);
  if (place === 'satchel (dist)') return `${functionName || '(anonymous)'} ${sourceOf(url, lineNumber)}`;
  const line = url.includes('/bench/') ? `:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${place}${line}`;
}

// The bundle keeps a `// src/…` comment above each module's code: name the source file, not the chunk line.
const bundles = new Map<string, string[]>();
function sourceOf(url: string, lineNumber: number): string {
  let lines = bundles.get(url);
  if (!lines) {
    try {
      lines = readFileSync(new URL(url), 'utf8').split('\n');
    } catch {
      lines = [];
    }
    bundles.set(url, lines);
  }
  for (let i = Math.min(lineNumber, lines.length - 1); i >= 0; i--) if (lines[i]!.startsWith('// src/')) return `satchel (dist) ${lines[i]!.slice(3)}`;
  return `satchel (dist):${lineNumber + 1}`;
}

/** Samples under each function, callees included; a function on the stack twice (recursion) counts once. */
function inclusiveTime(profile: CpuProfile, name: (node: ProfileNode) => string): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const result = new Map<string, number>();
  const onStack = new Map<string, number>();
  // A node's subtree total, added once per name however deep the name recurs.
  const visit = (node: ProfileNode): number => {
    const key = name(node);
    const depth = onStack.get(key) ?? 0;
    onStack.set(key, depth + 1);
    let hits = node.hitCount ?? 0;
    for (const child of node.children ?? []) hits += visit(byId.get(child)!);
    onStack.set(key, depth);
    if (depth === 0) result.set(key, (result.get(key) ?? 0) + hits);
    return hits;
  };
  const childIds = new Set(profile.nodes.flatMap((node) => node.children ?? []));
  for (const node of profile.nodes) if (!childIds.has(node.id)) visit(node);
  return result;
}

export function printProfile(profile: CpuProfile, title: string, top: number): void {
  const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (!hits) continue;
    const place = where(node.callFrame.url);
    const name = nameOf(node);
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byPackage.set(place, (byPackage.get(place) ?? 0) + hits);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)}%`;
  const inclusive = inclusiveTime(profile, nameOf);
  console.log(`${title}; ${total} samples\n\nby package:`);
  for (const [name, hits] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(hits)}  ${name}`);
  console.log('\ntop functions (self time):');
  for (const [name, hits] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(hits)}  ${name}`);
  // Inclusive time answers "what does this step cost with its callees"; only satchel's and bench's own frames, the rest is noise here.
  console.log('\ntop satchel functions (inclusive time):');
  const own = [...inclusive].filter(([name]) => name.includes('satchel (dist)') || name.includes(' src/') || name.includes(' bench/'));
  for (const [name, hits] of own.sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(hits)}  ${name}`);
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

/**
 * Two profiles kept by bench/profile.ts (PROFILE_OUT) side by side, as CPU µs per request by
 * function (samples × the mean sample interval ÷ requests), largest difference first: where a
 * row spends what its floor does not. Server start-up is in both and mostly cancels out.
 */
export function printDiff(a: CpuProfile, b: CpuProfile, top: number): void {
  const perRequest = (profile: CpuProfile) => {
    const total = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
    const scale = (profile.endTime! - profile.startTime!) / total / profile.requests!;
    const out = new Map<string, number>();
    for (const node of profile.nodes) if (node.hitCount) out.set(nameOf(node), (out.get(nameOf(node)) ?? 0) + node.hitCount * scale);
    return out;
  };
  const [left, right] = [perRequest(a), perRequest(b)];
  const sum = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  console.log(`CPU µs per request: A ${sum(left).toFixed(1)}, B ${sum(right).toFixed(1)} (idle included)\n\n    A µs     B µs   B − A  function`);
  const names = new Set([...left.keys(), ...right.keys()]);
  const rows = [...names].map((name) => [name, left.get(name) ?? 0, right.get(name) ?? 0] as const).sort((x, y) => Math.abs(y[2] - y[1]) - Math.abs(x[2] - x[1]));
  for (const [name, x, y] of rows.slice(0, top)) console.log(`${x.toFixed(2).padStart(8)} ${y.toFixed(2).padStart(8)} ${(y - x).toFixed(2).padStart(7)}  ${name}`);
}

// `node --import tsx bench/profile-report.ts FILE.cpuprofile [top]`: report on a profile written elsewhere;
// `… profile-report.ts --diff A.json B.json [top]`: two kept profiles, per request.
if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--diff') {
    const [, fileA, fileB, top = '40'] = process.argv.slice(2);
    if (!fileA || !fileB) throw new Error('usage: profile-report.ts --diff A.json B.json [top]');
    printDiff(JSON.parse(readFileSync(fileA, 'utf8')) as CpuProfile, JSON.parse(readFileSync(fileB, 'utf8')) as CpuProfile, Number(top));
    process.exit(0);
  }
  const [file, top = '30'] = process.argv.slice(2);
  if (!file) throw new Error('usage: profile-report.ts FILE.cpuprofile [top]');
  printProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, file, Number(top));
}
