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
      type Signer = { sign(v: string): string; unsign(s: string): Unsigned };
      const createCookieSigner = await loadSatchelExport<(secrets: string[]) => Signer>('createCookieSigner', ['crypto/signer.ts']);
      const signer = createCookieSigner([BENCH_SECRET]);
      return () => {
        const cookie = `s:${signer.sign(ID)}`;
        if (signer.unsign(cookie.slice(2))?.value !== ID) throw new Error('satchel unsign failed');
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
  ...memoryStoreCases(),
  ...memoryStoreReadCases(),
];

/**
 * MemoryStore creates below its bound and at it, where every create evicts the least recently
 * used session first (the performance issue's "no collapse when the bounded MemoryStore is full").
 * Each op creates a session under a new key; `held` sessions are created before timing starts.
 */
function memoryStoreCases(): MicroCase[] {
  type Store = { createSync(key: string, record: object): boolean; close(): Promise<void> };
  const shapes = [
    { label: 'satchel MemoryStore create, below the bound (10,000 held, max 1e6)', held: 10_000, max: 1_000_000 },
    { label: 'satchel MemoryStore create at the bound (max 10,000: evicts one per create)', held: 10_000, max: 10_000 },
    { label: 'satchel MemoryStore create at the bound (max 100,000: evicts one per create)', held: 100_000, max: 100_000 },
  ];
  return shapes.map(({ label, held, max }) => ({
    group: 'MemoryStore create `{ n: 1 }`',
    label,
    async setup() {
      const MemoryStore = await loadSatchelExport<new (o: object) => Store>('MemoryStore', ['stores/memory/store.ts']);
      const store = new MemoryStore({ max, sweepInterval: 0 });
      let next = 0;
      // Store keys as the engine makes them: 64 hex characters (a SHA-256).
      const key = () => (next++).toString(16).padStart(64, '0');
      const record = () => {
        const now = Date.now();
        return { data: { ...PAYLOAD }, expiresAt: now + 1_800_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null };
      };
      for (let i = 0; i < held; i++) store.createSync(key(), record());
      return () => {
        if (!store.createSync(key(), record())) throw new Error('MemoryStore create failed');
      };
    },
  }));
}

/**
 * MemoryStore reads of one busy session among many held (a user clicking through the app while
 * thousands of others sit idle): every read makes it the most recently used. The bench's /read
 * cells cannot show this cost: their store holds only the few sessions the warm-up made.
 */
function memoryStoreReadCases(): MicroCase[] {
  type Store = { createSync(key: string, record: object): boolean; getSync(key: string): object | null };
  return [1_000, 10_000, 100_000].map((held) => ({
    group: 'MemoryStore read of one busy session',
    label: `satchel MemoryStore getSync, the same session each time (${held.toLocaleString('en-US')} held)`,
    async setup() {
      const MemoryStore = await loadSatchelExport<new (o: object) => Store>('MemoryStore', ['stores/memory/store.ts']);
      const store = new MemoryStore({ max: 1_000_000, sweepInterval: 0 });
      const now = Date.now();
      const key = (i: number) => i.toString(16).padStart(64, '0');
      for (let i = 0; i < held; i++) store.createSync(key(i), { data: { ...PAYLOAD }, expiresAt: now + 1_800_000, createdAt: now, lastSeenAt: now, userId: null, userAgent: null });
      const busy = key(held >> 1);
      return () => {
        if (store.getSync(busy) === null) throw new Error('MemoryStore read failed');
      };
    },
  }));
}

export { NotBuiltError };
