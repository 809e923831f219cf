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
  cli: 'src/cli.ts',
};

export default defineConfig({
  entry: Object.fromEntries(Object.entries(entries).filter(([, file]) => existsSync(file))),
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
  // A default-only entry must be `module.exports = fn` under require(): the drop-ins are the middleware itself.
  cjsInterop: true,
  sourcemap: false,
  treeshake: true,
});
