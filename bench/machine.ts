/** The facts results.md records beside the numbers: machine, runtime and every peer's version. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

const PACKAGES = [
  'express',
  'express-session',
  'memorystore',
  'connect-redis',
  'redis',
  'cookie-session',
  'iron-session',
  'better-sqlite3',
  'pg',
  'cookie-signature',
  'keygrip',
  'autocannon',
];

function version(name: string): string {
  try {
    // Read the file directly: some packages do not export ./package.json.
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url);
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function cpuModel(): string {
  const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
  return match?.[1]?.trim() ?? 'unknown';
}

function tryRun(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** The 1-minute load average, to show how busy the machine was (other work shares it). */
export function loadAverage(): string {
  return loadavg()[0]!.toFixed(2);
}

/** Markdown lines describing this machine and these versions. */
export function machineReport(): string[] {
  return [
    `- Machine: ${availableParallelism()} CPUs (nproc ${tryRun('nproc', [])}), ${cpuModel()}`,
    `- Node ${process.version}, npm ${tryRun('npm', ['--version'])}, ${tryRun('redis-server', ['--version']).split(' ').slice(0, 3).join(' ')}`,
    `- Packages: ${PACKAGES.map((name) => `${name} ${version(name)}`).join(', ')}`,
  ];
}
