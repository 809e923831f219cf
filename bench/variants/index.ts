/**
 * Every row of the table, in table order: Express 5 (bare, the floors, the peers, satchel), then
 * Express 4, Fastify, Koa and Hono, each framework led by its bare row.
 */
import { express4Variants } from './express4.js';
import { fastifyVariants } from './fastify.js';
import { floorVariants } from './floor.js';
import { honoVariants } from './hono.js';
import { koaVariants } from './koa.js';
import { peerVariants } from './peers.js';
import { satchelVariants } from './satchel.js';
import { sqlPeerVariants } from './sql-peers.js';
import type { Framework, VariantDef } from './types.js';

const [bare, ...peers] = peerVariants;

export const variants: readonly VariantDef[] = [
  ...(bare ? [bare] : []),
  ...floorVariants,
  ...peers,
  ...sqlPeerVariants,
  ...satchelVariants,
  ...express4Variants,
  ...fastifyVariants,
  ...koaVariants,
  ...honoVariants,
];

export function findVariant(id: string): VariantDef {
  const found = variants.find((v) => v.id === id);
  if (!found) throw new Error(`unknown variant ${id}; known: ${variants.map((v) => v.id).join(', ')}`);
  return found;
}

/** Each framework's bare row: the ratio base of that framework's rows. */
export const BASELINES: Readonly<Record<Framework, string>> = { express: 'bare', express4: 'express4-bare', fastify: 'fastify-bare', koa: 'koa-bare', hono: 'hono-bare' };

/** The id of the row `variant`'s ratios are taken against: its framework's bare row. */
export const baselineOf = (variant: VariantDef): string => BASELINES[variant.framework ?? 'express'];
