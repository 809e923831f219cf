#!/usr/bin/env node
// `satchel keygen [--count N]`: N (default 1) fresh random 32-byte keys, base64url, one per line,
// for `cookieSession({ keys })` or any satchel secret. Plain JavaScript on node:crypto only, so it
// runs in a fresh clone before anything is built, and from the published package as is.
import { randomBytes } from 'node:crypto';

const USAGE = 'usage: satchel keygen [--count N]\n  prints N (default 1) fresh random 32-byte keys, base64url, one per line\n';
// The key ring's minimum (src/crypto/seal-keyring.ts, MIN_KEY_BYTES); test/cli.test.ts checks they agree.
const KEY_BYTES = 32;

/** Exit code of `argv` (without node and script); writes keys or the usage to `out`. */
function main(argv, out) {
  const [command, ...rest] = argv;
  if (command !== 'keygen') {
    out(USAGE);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
  let count = 1;
  if (rest[0] === '--count' && rest.length === 2) {
    count = Number(rest[1]);
    if (!Number.isInteger(count) || count < 1 || count > 100) {
      out(USAGE);
      return 2;
    }
  } else if (rest.length > 0) {
    out(USAGE);
    return 2;
  }
  for (let i = 0; i < count; i++) out(randomBytes(KEY_BYTES).toString('base64url') + '\n');
  return 0;
}

process.exitCode = main(process.argv.slice(2), (text) => process.stdout.write(text));
