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

// Flash messages travel as a code in the redirect URL; only these texts can appear.
const FLASH: Record<string, string> = {
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

/** The flash text for `?done=<code>`, if any. */
export function flashOf(req: Request): { text: string; error?: boolean } | null {
  const code = typeof req.query.done === 'string' ? req.query.done : '';
  if (code.startsWith('others-')) return { text: `Logged out ${Number(code.slice(7)) || 0} other session(s).` };
  const text = FLASH[code];
  return text ? { text, error: code === 'bad-login' || code === 'need-login' } : null;
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
