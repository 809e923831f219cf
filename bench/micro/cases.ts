/**
 * The micro benchmark cases: the hot primitives of each library, each case one full round
 * (make + check) on the same payload. satchel's parts load from src/ and read "n/a" if missing.
 */
import { loadSatchelExport } from '../variants/load-satchel.js';
import { BENCH_SECRET, requirePeer } from '../variants/shared.js';
import { NotBuiltError } from '../variants/types.js';

/** One case: `run` performs one operation round; a thrown NotBuiltError marks it n/a. */
export interface MicroCase {
  group: string;
  label: string;
  setup(): Promise<() => unknown>;
}

const ID = 'Vx3d4pJfYtQ2o9zLk1mN8wR5sA7bC6eH'; // 32 chars like an express-session id
const PAYLOAD = { n: 1 };

type Unsigned = { value: string } | null;

export const microCases: MicroCase[] = [
  {
    group: 'sign + verify `s:<id>.<sig>`',
    label: 'satchel signer',
    async setup() {
      const sign = await loadSatchelExport<(v: string, s: string) => string>('sign', ['crypto/signer.ts']);
      const unsign = await loadSatchelExport<(v: string, s: string[]) => Unsigned>('unsign', ['crypto/signer.ts']);
      const secrets = [BENCH_SECRET];
      return () => {
        const cookie = `s:${sign(ID, BENCH_SECRET)}`;
        if (unsign(cookie.slice(2), secrets)?.value !== ID) throw new Error('satchel unsign failed');
      };
    },
  },
  {
    group: 'sign + verify `s:<id>.<sig>`',
    label: 'cookie-signature (express-session)',
    async setup() {
      const sig = requirePeer('cookie-signature') as { sign(v: string, s: string): string; unsign(v: string, s: string): string | false };
      return () => {
        const cookie = `s:${sig.sign(ID, BENCH_SECRET)}`;
        if (sig.unsign(cookie.slice(2), BENCH_SECRET) !== ID) throw new Error('cookie-signature unsign failed');
      };
    },
  },
  {
    group: 'sign + verify `s:<id>.<sig>`',
    label: 'keygrip sign + index (cookie-session)',
    async setup() {
      const Keygrip = requirePeer('keygrip') as (keys: string[]) => { sign(d: string): string; index(d: string, s: string): number };
      const keys = Keygrip([BENCH_SECRET]);
      const value = `session=${Buffer.from(JSON.stringify(PAYLOAD)).toString('base64')}`;
      return () => {
        if (keys.index(value, keys.sign(value)) !== 0) throw new Error('keygrip verify failed');
      };
    },
  },
  {
    group: 'seal + open `{ n: 1 }`',
    label: 'satchel sealer (AES-256-GCM, HKDF per seal)',
    async setup() {
      type Sealer = { seal(d: object, b: object, t: object, now: number): string; open(s: string, b: object, now: number): { ok: boolean } };
      const createSealer = await loadSatchelExport<(o: object) => Sealer>('createSealer', ['crypto/seal.ts']);
      const sealer = createSealer({ keys: [BENCH_SECRET] });
      const binding = { name: 'session', purpose: 'session' };
      return () => {
        const now = Date.now();
        const sealed = sealer.seal(PAYLOAD, binding, { createdAt: now, idleExpiresAt: now + 1_800_000, absoluteExpiresAt: now + 43_200_000 }, now);
        if (!sealer.open(sealed, binding, now).ok) throw new Error('satchel open failed');
      };
    },
  },
  {
    group: 'seal + open `{ n: 1 }`',
    label: 'iron-session 8 sealData + unsealData',
    async setup() {
      const iron = requirePeer('iron-session') as {
        sealData(d: object, o: object): Promise<string>;
        unsealData(s: string, o: object): Promise<{ n?: number }>;
      };
      const options = { password: BENCH_SECRET };
      return async () => {
        const data = await iron.unsealData(await iron.sealData(PAYLOAD, options), options);
        if (data.n !== 1) throw new Error('iron-session unseal failed');
      };
    },
  },
];

export { NotBuiltError };
