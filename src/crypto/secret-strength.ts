/**
 * The one strength policy for every secret and key satchel accepts: `session()` signing secrets,
 * `cookieSession()` seal keys and the express-session drop-in's `secureDefaults`. A weak secret
 * is a silent, permanent hole (nothing at request time could notice it), so it is refused at
 * construction, whether it arrives as text or as bytes.
 */

/** Characters (text) or bytes (Buffer) a secret needs at least. */
export const MIN_SECRET_LENGTH = 32;

/** Ends every weak-secret message: the fix, not just the complaint. */
export const KEYGEN_ADVICE = 'generate one with `npx satchel keygen` and keep it in an environment variable';

// Secrets published in READMEs, tutorials and framework docs, lower-case. Entries of 12+
// characters are refused anywhere inside a secret too: '…_long_for_security' is still the example.
const PUBLISHED_EXAMPLES = [
  'keyboard cat', // express-session
  'secret',
  'password',
  'changeme',
  'change me',
  'change-me',
  'change_me',
  'mysecret',
  'my-secret',
  'supersecret',
  'super-secret',
  'your secret here',
  'your-secret-key',
  'your_secret_key',
  'session secret',
  'complex_password_at_least_32_characters_long', // iron-session
  'password-should-be-32-characters', // @hapi/cookie
  '!wsyhfa*c2u6nz=bu^%a@^f#sf3&ksr6', // hapi tutorial
  'a secret with minimum length of 32 characters', // @fastify/session
  '80d42cfb-1cd2-462c-8f17-e3237d9027e9', // h3 useSession
  'password-with-at-least-32-characters', // nuxt-auth-utils
  'super-secret-jwt-token-with-at-least-32-characters-long', // Supabase
  'this-is-a-secret-value-with-at-least-32-characters',
  'super-secret-key-that-is-at-least-32-chars',
];
const SUBSTRING_MIN = 12;

function publishedExample(text: string): string | null {
  const lower = text.trim().toLowerCase();
  for (const example of PUBLISHED_EXAMPLES) {
    if (lower === example || (example.length >= SUBSTRING_MIN && lower.includes(example))) return example;
  }
  return null;
}

/** Symbols of a secret: UTF-16 code units of text, or bytes. */
type Symbols = ArrayLike<number>;

function codes(text: string): number[] {
  const out = new Array<number>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

// Random material agrees with itself shifted by p at ~1/alphabet of the positions; 3/4 or more
// means the secret is a unit repeated ('keyboard cat' three times, Buffer.alloc(32)), padding
// at the end included. Long secrets are judged on their first 512 symbols.
function repeatedUnit(symbols: Symbols): number | null {
  const n = Math.min(symbols.length, 512);
  for (let p = 1; p <= n / 2; p++) {
    let same = 0;
    for (let i = p; i < n; i++) if (symbols[i] === symbols[i - p]) same++;
    if (same * 4 >= (n - p) * 3) return p;
  }
  return null;
}

// 'abcdef…', '0123…': three in four neighbours one step apart (or equal); random
// hex, the densest alphabet accepted, has about one in five.
function isSequence(symbols: number[]): boolean {
  let steps = 0;
  for (let i = 1; i < symbols.length; i++) if (Math.abs(symbols[i]! - symbols[i - 1]!) <= 1) steps++;
  return steps * 4 >= (symbols.length - 1) * 3;
}

function distinct(symbols: Symbols): number {
  return new Set(Array.from(symbols)).size;
}

/**
 * Why `text` is too weak to be a secret, or null. Words and phrases count as weak: random text
 * (hex, base64, keygen output) always mixes at least two of lower case, upper case, digits and
 * punctuation. The reason completes a sentence starting with the secret's label.
 */
export function textWeakness(text: string): string | null {
  if (text.length === 0) return 'is empty';
  const example = publishedExample(text);
  if (example !== null) return `is (or contains) the published example secret ${JSON.stringify(example)}`;
  if (text.length < MIN_SECRET_LENGTH) return `has ${text.length} characters; at least ${MIN_SECRET_LENGTH} random characters are required`;
  const lower = codes(text.toLowerCase());
  const unit = repeatedUnit(lower);
  if (unit !== null) {
    const repeated = publishedExample(text.slice(0, unit));
    return repeated !== null ? `repeats the published example secret ${JSON.stringify(repeated)}` : `repeats a ${unit}-character pattern`;
  }
  if (isSequence(codes(text))) return 'is a run of consecutive characters, not random ones';
  const kinds = distinct(lower);
  if (kinds < 8) return `uses only ${kinds} distinct characters`;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(text)).length;
  if (classes < 2) return 'looks like a word or phrase (one kind of character only), not random characters';
  return null;
}

/**
 * Why `bytes` are too weak to be a secret, or null: fewer than 32 bytes, a repeated unit, or
 * fewer than 16 distinct values (32 random bytes have ~31). Bytes that are all printable ASCII
 * are a text secret in a Buffer (`Buffer.from('keyboard cat…')`) and are judged as that text.
 */
export function bytesWeakness(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'is empty';
  if (bytes.every((byte) => byte >= 0x20 && byte <= 0x7e)) {
    return textWeakness(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
  }
  if (bytes.length < MIN_SECRET_LENGTH) return `has ${bytes.length} bytes; at least ${MIN_SECRET_LENGTH} random bytes are required`;
  const unit = repeatedUnit(bytes);
  if (unit !== null) return `repeats a ${unit}-byte pattern`;
  const kinds = distinct(bytes);
  if (kinds < 16) return `uses only ${kinds} distinct byte values`;
  return null;
}

/** {@link textWeakness} or {@link bytesWeakness}, by what the secret is. */
export function secretWeakness(secret: string | Uint8Array): string | null {
  return typeof secret === 'string' ? textWeakness(secret) : bytesWeakness(secret);
}

/** The message of a refused secret: what is wrong with it, then how to get a good one. */
export function weakSecretMessage(label: string, reason: string): string {
  return `${label} ${reason}: ${KEYGEN_ADVICE}`;
}
