import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';

// Each fixture under modes/ declares its own SessionMode, which is global to a program, so each
// is compiled alone (against src/); its `@ts-expect-error` lines are the negative checks.
const here = new URL('.', import.meta.url).pathname;
const tsc = join(here, '../../node_modules/typescript/bin/tsc');

function compile(fixture: string, ...extra: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', join(here, 'modes', fixture, 'tsconfig.json'), ...extra], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

describe('req.session types per declared SessionMode (tsc on fixture programs)', () => {
  for (const [fixture, what] of [
    ['store', 'default: session() fields, login() and sessionID typed, no sessionOptions'],
    ['cookie', "mode 'cookie': CookieSession, no login()/reload()/listUserSessions(), sessionOptions typed"],
    ['none', "mode 'none' beside express-session's declarations (connect-redis): no conflict, typed accessors"],
    ['typo', 'an unknown mode: req.session is a string type naming the valid modes'],
  ]) {
    // skipLibCheck off: the declarations the fixture pulls in must agree too, not only the app.
    test(`${fixture}: ${what}`, () => {
      const { status, output } = compile(fixture!, '--skipLibCheck', 'false');
      assert.equal(status, 0, output);
    });
  }

  test("conflict: no mode beside express-session's declarations: theirs wins, and a full check names the fix", () => {
    const skipped = compile('conflict');
    assert.equal(skipped.status, 0, skipped.output);
    const full = compile('conflict', '--skipLibCheck', 'false');
    assert.notEqual(full.status, 0, 'the conflicting declarations compiled under a full check');
    assert.match(full.output, /TS2430: Interface 'Request' incorrectly extends interface 'StoreSessionRequest'/, full.output);
  });
});
