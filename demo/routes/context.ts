import type { Request } from 'express';
import type { EventLog } from '../events.js';
import type { SessionTimeouts } from '../../src/index.js';
import { sessionTimes } from '../session-info.js';
import { eventsCard } from '../views/layout.js';
import { livePanel } from '../views/panel.js';
import { html, type SafeHtml } from '../views/html.js';

/** What the store-mode routes share. */
export interface StoreModeContext {
  events: EventLog;
  timeouts: SessionTimeouts;
  touchAfter: number;
  storeLabel: string;
}

// The texts a form post flashes (req.flash, kept in the session until the next page reads it).
// The redirect URL still names the step (`?done=set`): handy to link to, and what the browser test waits for.
export const FLASH: Record<string, string> = {
  set: "Saved before the redirect: name = 'Napoleon', 'primary skill' = 'Dancing'.",
  push: "Saved before the redirect: 'Baking' pushed to skills (a change inside an array is seen too).",
  rename: "Saved before the redirect: name is now 'Pedro'.",
  var: 'Saved before the redirect.',
  deleted: 'Deleted; the store removed just that key.',
  destroyed: 'Session destroyed: the record is gone and the cookie was cleared.',
  login: 'Logged in: new session id, old record destroyed.',
  logout: 'Logged out: record destroyed, cookie cleared.',
  remember: 'Cookie lifetime changed; the new Set-Cookie went out with the redirect.',
  'need-login': 'Log in first.',
  'bad-login': 'Wrong password: it is "demo".',
  'signed-out': 'That device is signed out: its record was destroyed.',
  'not-found': 'No such session of yours (already ended?).',
};

/** Flashes the text of `code` for the next page: an error for a refused form, info otherwise. */
export function say(req: Request, code: keyof typeof FLASH & string): void {
  req.flash(code === 'bad-login' || code === 'need-login' ? 'error' : 'info', FLASH[code]!);
}

/**
 * The messages the last form post flashed, read once (a reload shows none; reading an empty
 * flash writes nothing, so an anonymous visit still stores nothing). Logout and destroy end the
 * session that would carry a flash, so their page names the step from the URL instead.
 */
export function flashOf(req: Request): { text: string; error?: boolean } | null {
  const { info = [], error = [] } = req.flash();
  if (error.length > 0) return { text: error.join(' '), error: true };
  if (info.length > 0) return { text: info.join(' ') };
  const code = req.query.done;
  return code === 'logout' || code === 'destroyed' || code === 'destroy' ? { text: FLASH[code === 'destroy' ? 'destroyed' : code]! } : null;
}

/** The logged-in user's name as the demo keeps it in the session data. */
export function userOf(req: Request): string | null {
  const user = req.session.user;
  return user && typeof user.name === 'string' ? user.name : null;
}

/** Header text. */
export function whoText(req: Request): string {
  const name = userOf(req);
  return name ? `${name} · store mode` : 'anonymous · store mode';
}

/** The side column of store-mode pages. */
export async function storeAside(req: Request, ctx: StoreModeContext): Promise<SafeHtml> {
  const times = await sessionTimes(req, ctx.timeouts);
  return html`${livePanel(times, req.session.cookie, ctx.touchAfter)}
<div class="card"><h2>Store</h2><p class="mono" id="store-label">${ctx.storeLabel}</p>
<p class="muted">Switch with <code>SATCHEL_STORE=memory|sqlite|redis://…|postgres://…|mysql://…</code>.</p></div>
${eventsCard(ctx.events.list())}`;
}
