/** Every row of the table, in table order. */
import { peerVariants } from './peers.js';
import { satchelVariants } from './satchel.js';
import type { VariantDef } from './types.js';

export const variants: readonly VariantDef[] = [...peerVariants, ...satchelVariants];

export function findVariant(id: string): VariantDef {
  const found = variants.find((v) => v.id === id);
  if (!found) throw new Error(`unknown variant ${id}; known: ${variants.map((v) => v.id).join(', ')}`);
  return found;
}
