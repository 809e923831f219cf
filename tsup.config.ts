import { existsSync } from 'node:fs';
import { defineConfig } from 'tsup';

// One entry per public subpath (package.json "exports" lists the same names).
const entries: Record<string, string> = {
  index: 'src/index.ts',
  'express-session': 'src/compat/express-session.ts',
  'cookie-session': 'src/compat/cookie-session.ts',
  testing: 'src/testing/index.ts',
  sqlite: 'src/stores/sqlite.ts',
  redis: 'src/stores/redis.ts',
  postgres: 'src/stores/postgres.ts',
  mysql: 'src/stores/mysql.ts',
  mongodb: 'src/stores/mongodb.ts',
  fastify: 'src/fastify.ts',
  koa: 'src/koa.ts',
  hono: 'src/hono.ts',
  node: 'src/node.ts',
  web: 'src/web.ts',
};

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  sourcemap: false,
  // Rollup (used when tree-shaking) emits a default-only entry as `module.exports = fn`, so
  // require('satchel/express-session') is the middleware itself. Do not add `cjsInterop`: it
  // appends `module.exports = exports.default`, which then overwrites that with undefined.
  treeshake: true,
});
