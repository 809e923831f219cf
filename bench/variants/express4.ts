/**
 * The Express 4 rows: the Express 5 rows of the memory, Redis and sealed-cookie modes (peers,
 * floors, satchel) served by Express 4 instead, each against bare Express 4. Same session
 * setup, same routes (bench/app.ts), only the framework major differs: Express 4 has no
 * per-request prototype switch, so its ceiling for own properties is not Express 5's.
 */
import type express from 'express';
import { buildBenchApp, logErrors } from '../app.js';
import { floorVariants } from './floor.js';
import { peerVariants } from './peers.js';
import { satchelVariants } from './satchel.js';
import { requirePeer } from './shared.js';
import type { ExpressInstance, VariantDef } from './types.js';

/** The Express 5 rows served again on Express 4, in the Express 5 table's order (the SQL rows are Express 5 only). */
const SERVED = [
  'bare',
  'floor-memory',
  'floor-redis',
  'floor-cookie',
  'express-session-memory',
  'express-session-memorystore',
  'express-session-redis',
  'cookie-session',
  'iron-session',
  'satchel-memory',
  'satchel-redis',
  'satchel-cookie',
];

/** Same API as Express 5 for everything the bench app uses; the alias ships no types of its own. */
const express4 = (): typeof express => requirePeer('express4') as typeof express;

function onExpress4(row: VariantDef): VariantDef {
  return {
    ...row,
    id: `express4-${row.id}`,
    label: row.id === 'bare' ? 'bare Express 4 (no sessions)' : row.label,
    framework: 'express4',
    async create(ctx) {
      const { middleware, access, ...rest } = (await row.create(ctx)) as ExpressInstance;
      const app = buildBenchApp({ middleware, access, ...rest }, undefined, express4());
      app.use(logErrors);
      return { ...rest, listener: app };
    },
  };
}

const express5Rows = [...peerVariants, ...floorVariants, ...satchelVariants];

export const express4Variants: VariantDef[] = SERVED.map((id) => {
  const row = express5Rows.find((v) => v.id === id);
  if (!row) throw new Error(`express4 rows: no Express 5 row ${id}`);
  return onExpress4(row);
});
