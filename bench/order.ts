/**
 * The order of one round's cells. The machine is shared and its speed drifts over minutes, so the
 * rows a ratio compares (satchel, its floor, its peers: one framework and backend) run their
 * cells back to back, scenario by scenario, instead of minutes apart; versus.ts then divides
 * cells of the same round before taking the median.
 */
import type { Scenario } from './cell.js';
import type { VariantDef } from './variants/types.js';

export const modeOf = (variant: VariantDef): string => `${variant.framework ?? 'express'}/${variant.backend}`;

/** Every (row, scenario) of a round: modes in the order their first row appears, each mode scenario-major. */
export function roundOrder(variants: readonly VariantDef[], scenarios: readonly Scenario[]): Array<[VariantDef, Scenario]> {
  const modes = new Map<string, VariantDef[]>();
  for (const variant of variants) {
    const mode = modes.get(modeOf(variant));
    if (mode) mode.push(variant);
    else modes.set(modeOf(variant), [variant]);
  }
  return [...modes.values()].flatMap((rows) => scenarios.flatMap((scenario) => rows.map((variant): [VariantDef, Scenario] => [variant, scenario])));
}
