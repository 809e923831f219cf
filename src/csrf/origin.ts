/**
 * The second layer of `csrf()`: what the browser itself says about where an unsafe request came
 * from. Modern browsers send `Sec-Fetch-Site` and `Origin` on every cross-origin POST, and a page
 * cannot forge either; a request with neither (an old browser, curl, a server) is left to the
 * token alone, which an attacker's page cannot read.
 */
import type { CsrfRejectReason } from '../errors.js';

export interface OriginFacts {
  /** `Sec-Fetch-Site`, lower-cased, if sent. */
  fetchSite: string | undefined;
  /** `Origin`, if sent (`'null'` from sandboxed frames and privacy-sensitive redirects). */
  origin: string | undefined;
  /** The request's own origin as the app sees it (`http://localhost:3000`), if known. */
  own: string | undefined;
}

export interface OriginRules {
  origins: ReadonlySet<string>;
  allowSameSite: boolean;
}

/** Why the request must be refused, or null when the browser's word is fine (or absent). */
export function originRefusal(facts: OriginFacts, rules: OriginRules): CsrfRejectReason | null {
  const origin = facts.origin?.trim().toLowerCase();
  // An origin the app names is trusted whatever Sec-Fetch-Site says of it (another site it owns).
  if (origin !== undefined && rules.origins.has(origin)) return null;
  const site = facts.fetchSite?.trim().toLowerCase();
  if (site === 'cross-site') return 'cross-site';
  if (site === 'same-site') return rules.allowSameSite ? null : 'cross-site';
  // The browser vouches for same-origin; comparing Origin as well would refuse the app's own
  // pages wherever a proxy rewrote Host.
  if (site === 'same-origin') return null;
  if (origin !== undefined && origin !== facts.own?.toLowerCase()) return 'origin';
  return null;
}
