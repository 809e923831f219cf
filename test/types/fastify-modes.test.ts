import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

// As modes.test.ts for Express: each fixture declares its own FastifySessionMode (global to a
// program), so each compiles alone against src/; its `@ts-expect-error` lines are the negative checks.
const here = new URL('.', import.meta.url).pathname;
const tsc = join(here, '../../node_modules/typescript/bin/tsc');

describe('request.session types on satchel/fastify per declared FastifySessionMode (tsc on fixture programs)', () => {
  for (const [fixture, what] of [
    ['store', 'default: session() fields, login() and id typed, SessionData keys, no sessionOptions'],
    ['cookie', "mode 'cookie': CookieSession, sessionOptions typed, no login(), null assignable"],
  ]) {
    test(`${fixture}: ${what}`, () => {
      const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'fastify-modes', fixture!, 'tsconfig.json'), '--skipLibCheck', 'false'], { encoding: 'utf8' });
      assert.equal(result.status, 0, result.stdout + result.stderr);
    });
  }
});
