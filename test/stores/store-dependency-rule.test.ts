import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The layering rule of src/, checked on the import graph of shipped code (*.test.ts files are
// left out; tests may import drivers and helpers freely):
//   crypto/, http/            leaves: node:crypto, the cookie package and the error classes
//   lifecycle/                what both kinds share; lifecycle/stored/ and lifecycle/sealed/
//                             are the two kinds, each blind to the other; nothing framework-specific
//   adapters/<framework>/     the edges: they move headers between a framework and the lifecycle;
//                             adapters/common/ is what every edge wires the same way (the store choice)
//   stores/kit/, stores/<db>/ stores see only the kit, types, errors and operation; no driver at runtime
//   lru-list.ts               a leaf data structure (a recency order) for the MemoryStore and the
//                             lifecycle's tenant cache alike: it imports nothing
//   csrf/                     the framework-free CSRF core (tokens, origin check, options): crypto/, http/,
//                             errors and data (the secret's session key) only; adapters wrap it per framework
//   compat/                   the drop-ins: ports that share crypto/ and http/, never the lifecycle
//   testing/                  the conformance suite: types and errors only
//   telemetry/                OpenTelemetry: lifecycle event/option types, errors, @opentelemetry/api
//                             (loaded lazily); wired into the engines by adapters/common only
//   flash/                    flash messages on any plain session object: types and errors only

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
const DRIVERS = new Set(['redis', 'ioredis', 'pg', 'mysql2', 'mongodb', 'better-sqlite3']);

/** One module reference in a file; `typeOnly` when it vanishes from the emitted JavaScript. */
interface Edge {
  file: string;
  line: number;
  specifier: string;
  typeOnly: boolean;
}

function allTypeOnly(elements: readonly { isTypeOnly: boolean }[]): boolean {
  return elements.length > 0 && elements.every((element) => element.isTypeOnly);
}

/** Every import/export-from/import()/require() of a source text. */
function scanImports(file: string, text: string): Edge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const edges: Edge[] = [];
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    edges.push({ file, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, specifier: specifier.text, typeOnly });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const typeOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined && allTypeOnly(named)));
      add(node, node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node, node.moduleSpecifier, node.isTypeOnly || (named !== undefined && allTypeOnly(named)));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node)) {
      const argument = node.argument;
      if (ts.isLiteralTypeNode(argument)) add(node, argument.literal, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      // createRequire(import.meta.url)('pg') loads a module just the same.
      const isCreatedRequire = ts.isCallExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'createRequire';
      if (isDynamicImport || isRequire || isCreatedRequire) add(node, node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(m|c)?ts$/.test(entry.name) && !/\.test\.(m|c)?ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Where an edge points inside src/ (e.g. `stores/redis/store.ts`), or null for a package. */
function target(edge: Edge): string | null {
  if (!edge.specifier.startsWith('.')) return null;
  const absolute = resolve(SRC, dirname(edge.file), edge.specifier.replace(/\.(m|c)?js$/, '.$1ts'));
  return relative(SRC, absolute).split('\\').join('/');
}

/** The module of a src path: `types`, `errors`, `core`, `stores/redis`, … */
function moduleOf(path: string): string {
  const [head, second, third] = path.split('/');
  if (path === 'types.ts' || path === 'errors.ts' || path === 'operation.ts' || path === 'data.ts') return path.slice(0, -3);
  if ((head === 'stores' || head === 'adapters') && second !== undefined) return `${head}/${second.replace(/\.(m|c)?ts$/, '')}`;
  if (head === 'lifecycle' && third !== undefined) return `lifecycle/${second}`;
  return second === undefined ? path.replace(/\.(m|c)?ts$/, '') : head!;
}

const EDGES: Edge[] = sourceFiles(SRC).flatMap((path) => scanImports(relative(SRC, path).split('\\').join('/'), readFileSync(path, 'utf8')));

/** Internal edges of files in `from` whose target module is not allowed. */
function violations(from: (module: string) => boolean, allowed: (targetModule: string, sourceModule: string) => boolean): string[] {
  const out: string[] = [];
  for (const edge of EDGES) {
    const source = moduleOf(edge.file);
    if (!from(source)) continue;
    const to = target(edge);
    if (to === null) continue;
    if (!allowed(moduleOf(to), source)) out.push(`${edge.file}:${edge.line} imports ${edge.specifier} (${moduleOf(to)})`);
  }
  return out;
}

function packageViolations(from: (module: string) => boolean, allowed: (specifier: string) => boolean): string[] {
  return EDGES.filter((edge) => from(moduleOf(edge.file)) && target(edge) === null && !allowed(edge.specifier)).map(
    (edge) => `${edge.file}:${edge.line} imports package ${edge.specifier}`,
  );
}

test('the scanner sees runtime and type-only imports for what they are', () => {
  const edges = scanImports(
    'x.ts',
    [
      "import type { Pool } from 'pg';",
      "import { type RedisClientType } from 'redis';",
      "import Redis, { type RedisOptions } from 'ioredis';",
      "import 'mysql2';",
      "export { MongoClient } from 'mongodb';",
      "export type { Database } from 'better-sqlite3';",
      "const a = await import('pg');",
      "const b = require('redis');",
      "const c = createRequire(import.meta.url)('express-session');",
      "let d: import('mongodb').Db;",
    ].join('\n'),
  );
  assert.deepEqual(
    edges.map((edge) => [edge.line, edge.specifier, edge.typeOnly]),
    [
      [1, 'pg', true],
      [2, 'redis', true],
      [3, 'ioredis', false],
      [4, 'mysql2', false],
      [5, 'mongodb', false],
      [6, 'better-sqlite3', true],
      [7, 'pg', false],
      [8, 'redis', false],
      [9, 'express-session', false],
      [10, 'mongodb', true],
    ],
  );
});

test('the scan covers src/: it finds known edges of the stores', () => {
  assert.ok(EDGES.length > 50, `only ${EDGES.length} imports found under src/`);
  assert.ok(
    EDGES.some((edge) => edge.file === 'stores/mongodb/store.ts' && target(edge) === 'types.ts'),
    'stores/mongodb/store.ts → types.ts not seen',
  );
  assert.ok(EDGES.some((edge) => edge.file === 'stores/mongodb/options.ts' && edge.specifier === 'mongodb' && edge.typeOnly));
});

test('no runtime import of a driver package anywhere under src/ (import type only)', () => {
  const found = EDGES.filter((edge) => DRIVERS.has(edge.specifier.split('/')[0]!) && !edge.typeOnly).map(
    (edge) => `${edge.file}:${edge.line} imports ${edge.specifier} at runtime`,
  );
  assert.deepEqual(found, []);
});

// errors.ts is a leaf too (it imports nothing): crypto and cookie rules throw typed errors with codes.
test('crypto/ and http/ depend on nothing of ours but each other and the error classes', () => {
  assert.deepEqual(
    violations((m) => m === 'crypto', (to) => to === 'crypto' || to === 'errors'),
    [],
  );
  assert.deepEqual(
    violations((m) => m === 'http', (to) => ['http', 'crypto', 'errors'].includes(to)),
    [],
  );
});

test('lifecycle/ knows no framework, no store and no drop-in: only crypto/, http/, types, errors and operation', () => {
  const base = ['lifecycle', 'crypto', 'http', 'types', 'errors', 'operation', 'data', 'lru-list'];
  assert.deepEqual(
    violations((m) => m === 'lifecycle', (to) => base.includes(to)),
    [],
    'what both kinds share depends on neither kind',
  );
  assert.deepEqual(
    violations((m) => m === 'lifecycle/stored', (to) => to === 'lifecycle/stored' || base.includes(to)),
    [],
  );
  assert.deepEqual(
    violations((m) => m === 'lifecycle/sealed', (to) => to === 'lifecycle/sealed' || base.includes(to)),
    [],
  );
});

test('lru-list.ts is a leaf: it imports nothing', () => {
  assert.deepEqual(EDGES.filter((edge) => edge.file === 'lru-list.ts').map((edge) => edge.specifier), []);
});

test('flash/ works on any plain session object: it imports only types and errors, and no package but node:', () => {
  assert.deepEqual(
    violations((m) => m === 'flash', (to) => ['flash', 'types', 'errors'].includes(to)),
    [],
  );
  assert.deepEqual(
    packageViolations((m) => m === 'flash', (specifier) => specifier.startsWith('node:')),
    [],
  );
  assert.ok(EDGES.some((edge) => edge.file === 'flash/flash.ts' && target(edge) === 'errors.ts'), 'flash/flash.ts → errors.ts not seen');
});

test('adapters/* are edges: the lifecycle, http/, the store kit and adapters/common, never a drop-in or another framework\'s adapter', () => {
  assert.deepEqual(
    violations(
      (m) => m.startsWith('adapters/'),
      (to, from) =>
        to === from ||
        to.startsWith('lifecycle') ||
        ['adapters/common', 'csrf', 'flash', 'http', 'crypto', 'types', 'errors', 'stores/kit', 'stores/memory'].includes(to) ||
        (from === 'adapters/common' && to === 'telemetry'),
    ),
    [],
  );
});

test('csrf/ knows no framework, no session kind and no store: only crypto/, http/, errors and data', () => {
  assert.ok(EDGES.some((edge) => moduleOf(edge.file) === 'csrf'), 'no file of csrf/ scanned');
  assert.deepEqual(
    violations((m) => m === 'csrf', (to) => ['csrf', 'crypto', 'http', 'errors', 'data'].includes(to)),
    [],
  );
  assert.deepEqual(
    packageViolations((m) => m === 'csrf', (specifier) => specifier === 'node:crypto'),
    [],
  );
});

test('compat/ drop-ins are ports: they share crypto/, http/ and the store kit, never the lifecycle or an adapter', () => {
  assert.deepEqual(
    violations((m) => m === 'compat', (to) => ['compat', 'crypto', 'http', 'types', 'errors', 'stores/kit'].includes(to)),
    [],
  );
});

test('telemetry/ is framework-free: only the lifecycle (its event and option types), errors and @opentelemetry/api, and only adapters/common wires it', () => {
  assert.deepEqual(
    violations((m) => m === 'telemetry', (to) => to === 'telemetry' || to.startsWith('lifecycle') || to === 'errors'),
    [],
  );
  assert.deepEqual(
    packageViolations((m) => m === 'telemetry', (specifier) => specifier === '@opentelemetry/api' || specifier.startsWith('node:')),
    [],
  );
  // The optional peer is loaded lazily, in one place: a static import would load it with satchel.
  const runtime = EDGES.filter((edge) => edge.specifier === '@opentelemetry/api' && !edge.typeOnly);
  assert.deepEqual(
    runtime.map((edge) => edge.file),
    ['telemetry/api.ts'],
  );
  assert.deepEqual(
    violations((m) => m !== 'telemetry' && m !== 'adapters/common', (to) => to !== 'telemetry'),
    [],
    'the engines know only the hooks in lifecycle/telemetry-hooks.ts',
  );
});

test('stores/* depend only on types, errors, operation and stores/kit: never the lifecycle, an adapter or each other', () => {
  assert.deepEqual(
    violations((m) => m.startsWith('stores/'), (to, from) => to === from || ['types', 'errors', 'operation', 'data', 'lru-list', 'stores/kit'].includes(to)),
    [],
  );
});

test('testing/ depends only on types, errors and node:assert', () => {
  assert.deepEqual(
    violations((m) => m === 'testing', (to) => ['testing', 'types', 'errors'].includes(to)),
    [],
  );
  assert.deepEqual(
    packageViolations((m) => m === 'testing', (specifier) => specifier === 'node:assert' || specifier === 'node:assert/strict'),
    [],
  );
});
