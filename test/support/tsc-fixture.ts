/**
 * Small TypeScript projects that consume satchel the way an app does: `node_modules/satchel` is
 * a symlink to this package (so its package.json `exports`/`types` and the built dist/ decide),
 * compiled by the project's own TypeScript.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

export interface FixtureProject {
  /** Folder name (anything; non-word characters become '-'). */
  name: string;
  /** package.json `type`. */
  type: string;
  compilerOptions: Record<string, unknown>;
  source: string;
  /** More packages of this repo's node_modules the program needs (`@types` is always there). */
  packages?: string[];
}

/** Writes the project under `work` and returns its folder. */
export function writeFixture(work: string, fixture: FixtureProject): string {
  const dir = join(work, fixture.name.replace(/\W+/g, '-'));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/satchel'), 'dir');
  for (const name of ['@types', ...(fixture.packages ?? [])]) symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', private: true, type: fixture.type }));
  const options = { target: 'es2022', strict: true, skipLibCheck: false, types: ['node'], ...fixture.compilerOptions };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: options, files: ['index.ts'] }));
  writeFileSync(join(dir, 'index.ts'), fixture.source);
  return dir;
}

/** Runs tsc on a fixture folder. */
export function compileFixture(dir: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [TSC, '-p', dir], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}
