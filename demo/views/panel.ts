import type { SessionCookie } from '../../src/index.js';
import type { SessionTimes } from '../session-info.js';
import { clock, duration, html, type SafeHtml } from './html.js';

function deadline(at: number | null): SafeHtml {
  if (at === null) return html`<span class="muted">—</span>`;
  return html`${clock(at)} <span class="mono" data-deadline="${at}"></span>`;
}

/** The live panel: server-side deadlines next to what the cookie's fields mean right now. */
export function livePanel(times: SessionTimes, cookie: SessionCookie, touchAfter: number): SafeHtml {
  const { timeouts } = times;
  const original = cookie.originalMaxAge;
  const maxAge = cookie.maxAge;
  const expires = cookie.expires;
  return html`<div class="card" id="live-panel">
  <h2>This session, live</h2>
  <dl class="panel">
    <dt>stored</dt>
    <dd id="stored">${times.stored ? 'yes' : 'not yet'}
      <small>${times.stored ? 'the record exists in the store' : 'nothing is stored and no cookie is sent until you write to req.session'}</small></dd>
    <dt>store key</dt>
    <dd><span class="mono">${times.storeKey.slice(0, 16)}…</span><small>SHA-256 of the id: the id itself never reaches the store</small></dd>
    <dt>created</dt><dd>${times.createdAt === null ? '—' : clock(times.createdAt)}</dd>
    <dt>last seen</dt>
    <dd>${times.lastSeenAt === null ? '—' : clock(times.lastSeenAt)}
      <small>moves on every save, and on reads at most every ${duration(touchAfter)} (touchAfter)</small></dd>
    <dt>idle deadline</dt>
    <dd>${deadline(times.idleDeadline)}<small>last seen + ${duration(timeouts.idle)} of inactivity</small></dd>
    <dt>absolute deadline</dt>
    <dd>${deadline(times.absoluteDeadline)}<small>created + ${duration(timeouts.absolute)}; activity cannot extend it</small></dd>
    <dt>session ends</dt>
    <dd>${deadline(times.expiresAt)}<small>the earlier of the two, as the store keeps it</small></dd>
  </dl>
  <h2 class="spaced">req.session.cookie</h2>
  <dl class="panel">
    <dt>originalMaxAge</dt>
    <dd class="mono" id="original-max-age">${String(original)}
      <small>${original === null
        ? 'null: a browser-session cookie (no Max-Age), gone when the browser closes'
        : `the lifetime you gave the cookie: ${duration(original)} ("remember me"); it also stretches both server deadlines to at least that`}</small></dd>
    <dt>maxAge</dt>
    <dd class="mono">${String(maxAge)}
      <small>${maxAge === null ? 'null: nothing counts down in the browser' : `milliseconds left right now (${duration(maxAge)}); set it to change the lifetime`}</small></dd>
    <dt>expires</dt>
    <dd class="mono">${expires === null ? 'null' : expires.toISOString()}
      <small>${expires === null ? 'no Expires attribute' : 'now + maxAge; the Set-Cookie never outlives the server deadline'}</small></dd>
  </dl>
  <form method="post" action="/remember" class="row">
    ${original === null
      ? html`<input type="hidden" name="remember" value="on"><button type="submit" id="remember-on">Remember me for 7 days</button>`
      : html`<input type="hidden" name="remember" value="off"><button type="submit" id="remember-off">Back to a browser-session cookie</button>`}
  </form>
</div>`;
}
