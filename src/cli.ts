/**
 * `satchel` command line (bin/satchel.mjs calls `main`). `satchel keygen` prints a fresh 32-byte key (base64url) for
 * `cookieSession({ keys })` or any satchel secret.
 */
import { generateSealKey } from './cookie/seal-keyring.js';

const USAGE = 'usage: satchel keygen [--count N]\n  prints N (default 1) fresh random 32-byte keys, base64url, one per line\n';

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function main(argv: readonly string[], out: (text: string) => void = (t) => process.stdout.write(t)): number {
  const [command, ...rest] = argv;
  if (command !== 'keygen') {
    out(USAGE);
    return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
  let count = 1;
  if (rest[0] === '--count') {
    count = Number(rest[1]);
    if (!Number.isInteger(count) || count < 1 || count > 100) {
      out(USAGE);
      return 2;
    }
  } else if (rest.length > 0) {
    out(USAGE);
    return 2;
  }
  for (let i = 0; i < count; i++) out(generateSealKey() + '\n');
  return 0;
}
