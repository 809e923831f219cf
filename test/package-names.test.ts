/**
 * No exported name means two things across satchel's subpaths: an app that imports
 * `SessionOptions` from `satchel` and a type from `satchel/express-session` in one file must
 * never get two different types under one name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The public entries, as tsup.config.ts lists them.
const ENTRIES: Record<string, string> = {
  satchel: 'src/index.ts',
  'satchel/express-session': 'src/compat/express-session.ts',
  'satchel/cookie-session': 'src/compat/cookie-session.ts',
  'satchel/testing': 'src/testing/index.ts',
  'satchel/sqlite': 'src/stores/sqlite.ts',
  'satchel/redis': 'src/stores/redis.ts',
  'satchel/postgres': 'src/stores/postgres.ts',
  'satchel/mysql': 'src/stores/mysql.ts',
  'satchel/mongodb': 'src/stores/mongodb.ts',
  'satchel/fastify': 'src/fastify.ts',
  'satchel/koa': 'src/koa.ts',
  'satchel/hono': 'src/hono.ts',
  'satchel/node': 'src/node.ts',
  'satchel/web': 'src/web.ts',
};
/**
 * Names that mean the same thing in each framework's own form, by design: every framework subpath
 * offers `session()`, `cookieSession()` and `csrf()` taking the same options and returning that
 * framework's unit, and `flash` giving that framework's connect-flash `flash` (middleware, plugin or helper).
 */
const PER_FRAMEWORK = new Set(['session', 'cookieSession', 'csrf', 'flash']);

test('no exported name stands for two different declarations in two subpaths', () => {
  const entries = Object.entries(ENTRIES).filter(([, file]) => existsSync(resolve(ROOT, file)));
  const files = entries.map(([, file]) => resolve(ROOT, file));
  const program = ts.createProgram(files, { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  // name → declaration (file:position) → the subpaths exporting it under that name
  const seen = new Map<string, Map<string, string[]>>();
  let total = 0;
  for (const [subpath, file] of entries) {
    const source = program.getSourceFile(resolve(ROOT, file));
    assert.ok(source, `${file} is in the program`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol, `${file} is a module`);
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      if (exported.name === 'default' || PER_FRAMEWORK.has(exported.name)) continue;
      const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = target.declarations?.[0];
      const where = declaration ? `${declaration.getSourceFile().fileName.slice(ROOT.length + 1)}:${declaration.pos}` : target.name;
      const byDeclaration = seen.get(exported.name) ?? new Map<string, string[]>();
      byDeclaration.set(where, [...(byDeclaration.get(where) ?? []), subpath]);
      seen.set(exported.name, byDeclaration);
      total++;
    }
  }
  assert.ok(total > 100, `only ${total} exports seen`);
  const clashes = [...seen].filter(([, byDeclaration]) => byDeclaration.size > 1).map(([name, byDeclaration]) => `${name}: ${[...byDeclaration].map(([where, subpaths]) => `${subpaths.join(', ')} → ${where}`).join(' | ')}`);
  assert.deepEqual(clashes, []);
});
