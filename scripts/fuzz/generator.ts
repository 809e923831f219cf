/**
 * A seeded generator of hostile Cookie headers, shared by `npm run fuzz` and the slice that
 * runs inside `npm test`. Deterministic for a seed, so a failure is reproducible from the
 * seed and the case number the runner prints.
 */

/** A cookie the server really issued: mutations start from it, and it is the only value that may open. */
export interface FuzzTarget {
  name: string;
  /** The raw value as it appears on the wire. */
  value: string;
}

/** The families of generated headers (security.md §6.2 T01–T04, T18, T19, T26–T28, IN-03). */
export type FuzzKind = 'bytes' | 'printable' | 'mutated' | 'structural' | 'huge' | 'valid';

/** One generated request header. */
export interface FuzzCase {
  kind: FuzzKind;
  header: string | string[] | undefined;
}

/** sfc32: small, fast, good enough to spread inputs; not for anything secret. */
function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const SPECIAL = '.=+/%:;," \\\t$!~*\'()[]{}<>?@#&|^`';
const SUFFIXES = ['A', '.', '==', '=', '%00', '%20', '%09', ' ', '\t', '\u00a0', '%', '%E0%A4%A', '%2e', '.AAAA', '..', ';', '"', '\\'];
const NUMBERS = ['x', '-1', '1e309', '0x10', '000123', '18446744073709551616', 'NaN', 'Infinity', '', '-0', '1.5', '9007199254740993'];
const KIDS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'k'.repeat(10_000), 'é', '\u00ff\u00fe', 'prototype', '..'];

/** Generator of hostile headers around `targets` (at least one). */
export class CookieFuzzer {
  private readonly random: () => number;
  /** How many cases were generated, per kind. */
  readonly counts: Record<FuzzKind, number> = { bytes: 0, printable: 0, mutated: 0, structural: 0, huge: 0, valid: 0 };

  constructor(
    readonly seed: number,
    private readonly targets: readonly FuzzTarget[],
  ) {
    if (targets.length === 0) throw new Error('CookieFuzzer needs at least one target cookie');
    this.random = prng(seed);
  }

  private int(max: number): number {
    return Math.floor(this.random() * max);
  }
  private pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  private chance(p: number): boolean {
    return this.random() < p;
  }
  private target(): FuzzTarget {
    return this.pick(this.targets);
  }
  private chars(alphabet: string, length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
  private bytes(length: number): string {
    let out = '';
    for (let i = 0; i < length; i++) out += String.fromCharCode(this.int(256));
    return out;
  }

  /** The next case. */
  next(): FuzzCase {
    const roll = this.random();
    const kind: FuzzKind = roll < 0.12 ? 'bytes' : roll < 0.2 ? 'printable' : roll < 0.55 ? 'mutated' : roll < 0.85 ? 'structural' : roll < 0.9 ? 'huge' : 'valid';
    this.counts[kind]++;
    switch (kind) {
      case 'bytes':
        return { kind, header: this.bytes(this.chance(0.9) ? this.int(256) : this.int(5000)) };
      case 'printable': {
        const name = this.target().name;
        return { kind, header: `${this.chance(0.5) ? `${name}=` : ''}${this.chars(B64URL + SPECIAL, this.int(300))}` };
      }
      case 'mutated':
        return { kind, header: this.surround(this.target().name, this.mutate(this.target().value)) };
      case 'structural':
        return { kind, header: this.structural() };
      case 'huge':
        return { kind, header: this.huge() };
      case 'valid': {
        const { name, value } = this.target();
        return { kind, header: this.surround(name, value) };
      }
    }
  }

  /** `name=value` among noise cookies, sometimes duplicated. */
  private surround(name: string, value: string): string {
    const parts = [`${name}=${value}`];
    const noise = this.int(4);
    for (let i = 0; i < noise; i++) parts.splice(this.int(parts.length + 1), 0, `${this.chars(B64URL, 1 + this.int(8))}=${this.chars(B64URL, this.int(20))}`);
    if (this.chance(0.1)) parts.splice(this.int(parts.length + 1), 0, `${name}=${this.chars(B64URL + '.%:', this.int(120))}`);
    return parts.join(this.pick(['; ', ';', ' ; ', ';\t']));
  }

  private mutate(value: string): string {
    let out = value;
    const rounds = 1 + this.int(3);
    for (let r = 0; r < rounds; r++) {
      const at = this.int(Math.max(1, out.length));
      switch (this.int(10)) {
        case 0:
          out = out.slice(0, at) + this.pick([...B64URL, ...SPECIAL]) + out.slice(at + 1);
          break;
        case 1:
          out = out.slice(0, at) + out.slice(at + 1);
          break;
        case 2:
          out = out.slice(0, at) + this.pick([...B64URL, ...SPECIAL]) + out.slice(at);
          break;
        case 3:
          out = out.slice(0, at);
          break;
        case 4:
          out += this.pick(SUFFIXES);
          break;
        case 5: {
          const code = out.charCodeAt(at) ^ (1 << this.int(8));
          out = out.slice(0, at) + String.fromCharCode(code) + out.slice(at + 1);
          break;
        }
        case 6: {
          const ch = out[at] ?? 'A';
          out = out.slice(0, at) + `%${ch.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}` + out.slice(at + 1);
          break;
        }
        case 7: {
          const parts = out.split('.');
          const i = this.int(parts.length);
          parts[i] = this.pick([...NUMBERS, ...KIDS.slice(0, 5), '', parts[i]!, parts[i]! + parts[i]!]);
          out = parts.join('.');
          break;
        }
        case 8:
          out = out.slice(0, at) + out.slice(at, at + 8) + out.slice(at);
          break;
        default: {
          const ch = out[at] ?? 'a';
          const swapped = ch === ch.toUpperCase() ? ch.toLowerCase() : ch.toUpperCase();
          out = out.slice(0, at) + swapped + out.slice(at + 1);
        }
      }
    }
    return out;
  }

  private structural(): string | string[] | undefined {
    const { name, value } = this.target();
    const junk = () => this.chars(B64URL, this.int(60));
    const sealLike = (n: number) => Array.from({ length: n }, () => (this.chance(0.2) ? '' : this.chars(B64URL, this.int(40)))).join('.');
    switch (this.int(22)) {
      case 0:
        return undefined;
      case 1:
        return '';
      case 2:
        return [`${name}=${junk()}`, `${name}=${value}`];
      case 3:
        return Array.from({ length: 60 + this.int(20) }, () => `${name}=${junk()}`).join('; ') + `; ${name}=${value}`;
      case 4:
        return `${this.pick(['%5F%5FHost-', '__host-', ' __Host-', '$', '\u00e2\u0080\u0080', 'x'])}${name}=${value}`;
      case 5:
        return `__proto__=1; constructor=2; hasOwnProperty=3; toString=4; ${name}=__proto__`;
      case 6:
        return `$Version=1; ${name}="${value}"`;
      case 7:
        return `${name}="${junk()};${junk()}\\"`;
      case 8:
        return `=${value}; ${name}; =; ${name}==${value}`;
      case 9:
        return ';'.repeat(this.int(2000));
      case 10:
        return '='.repeat(this.int(2000));
      case 11:
        return `${name}=${sealLike(this.int(9))}`;
      case 12:
        return `${name}=v1.${this.pick(KIDS)}.${junk()}.${junk()}.${junk()}`;
      case 13:
        return `${name}=s%3A${this.pick(['', junk(), '__proto__'])}.${this.pick(['', junk(), '.'])}`;
      case 14:
        return `${name}=s:${junk()}.${junk()}.${junk()}`;
      case 15:
        return `${name}=${this.pick(NUMBERS)}`;
      case 16:
        return Array.from({ length: 1 + this.int(6) }, (_, i) => `${name}.${this.chance(0.8) ? i : this.pick(KIDS.slice(0, 4))}=${junk()}`).join('; ');
      case 17: {
        // Valid value split over chunk names: the chunk count is authenticated, so this never opens.
        const half = Math.floor(value.length / 2);
        return `${name}.0=${value.slice(0, half)}; ${name}.1=${value.slice(half)}`;
      }
      case 18:
        return `${name}=${'%'.repeat(this.int(50))}${this.pick(['%', '%G', '%E0%A4', '%FF', '%00'])}`;
      case 19:
        return `${name}=${value}; ${name}=${value}`;
      case 20:
        return `${name}=${encodeURIComponent(value)}`;
      default:
        return `${name}=${value.split('').reverse().join('')}`;
    }
  }

  private huge(): string {
    const { name, value } = this.target();
    switch (this.int(5)) {
      case 0:
        return `${name}=${this.chars(B64URL, 4097 + this.int(16_000))}`;
      case 1:
        return Array.from({ length: 100 + this.int(400) }, (_, i) => `c${i}=${this.chars(B64URL, this.int(30))}`).join('; ') + `; ${name}=${value}`;
      case 2:
        return `${name}=${value}${'A'.repeat(4096 + this.int(8000))}`;
      case 3:
        return Array.from({ length: 200 }, () => `${name}=${value}`).join('; ');
      default:
        return this.bytes(8000 + this.int(12_000));
    }
  }
}
