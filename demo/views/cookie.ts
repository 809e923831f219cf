import { duration, html, json, type SafeHtml } from './html.js';

/** What the cookie-mode page shows. */
export interface CookiePageData {
  /** `req.session` (null after destroy). */
  data: Record<string, unknown> | null;
  cookieName: string;
  /** The sealed cookie exactly as the browser sent it, or null. */
  raw: string | null;
  idleTimeout: number;
  absoluteTimeout: number;
}

function bytesPreview(raw: string): string {
  const bytes = Buffer.from(raw.replace(/[^A-Za-z0-9_-]/g, ''), 'base64url');
  return bytes.subarray(0, 48).toString('hex').replace(/(..)/g, '$1 ').trim() + (bytes.length > 48 ? ' …' : '');
}

/** The cookie-mode page: same kind of data, but it lives sealed in the browser. */
export function cookieMain(view: CookiePageData): SafeHtml {
  const data = view.data ?? {};
  return html`<h1>Cookie mode: <code>cookieSession()</code></h1>
<section>
  <p>Mounted on <code>/cookie</code> with its own cookie, <code>${view.cookieName}</code>. There is no store: the whole session
  travels in the cookie, sealed with AES-256-GCM under keys from <code>npx satchel keygen</code> (here <code>SATCHEL_KEYS</code> or the generated
  <code>secrets.json</code>). The server can read and change it; the browser cannot.</p>
  <div class="row">
    <form method="post" action="/cookie/set" class="inline"><button type="submit" id="cookie-set">Set name = Napoleon, primary skill = Dancing</button></form>
    <form method="post" action="/cookie/push" class="inline"><button type="submit" id="cookie-push">Push Baking to skills</button></form>
    <form method="post" action="/cookie/destroy" class="inline"><button type="submit" class="danger" id="cookie-destroy">Destroy (req.session = null)</button></form>
  </div>
  <form method="post" action="/cookie/var" class="row">
    <input type="text" name="key" placeholder="key" required maxlength="40" aria-label="key">
    <input type="text" name="value" placeholder="value" maxlength="200" aria-label="value">
    <button type="submit" class="primary">Set</button>
  </form>
</section>
<section>
  <h2>What the server sees: <code>req.session</code></h2>
  <pre id="cookie-session-json">${json(data)}</pre>
  <h2>What the browser holds: the raw cookie</h2>
  ${view.raw === null
    ? html`<p class="muted" id="raw-cookie-none">No cookie yet: an empty session sends none.</p>`
    : html`<pre class="sealed" id="raw-cookie">${view.cookieName}=${view.raw}</pre>
      <p class="muted">${view.raw.length} characters. Base64url-decoded it is only noise — version, key id, nonce, ciphertext, tag:</p>
      <pre class="sealed">${bytesPreview(view.raw)}</pre>
      <p class="muted">Change one character in the browser's dev tools and reload: the seal fails, the page shows an empty session, and a
      <em>rejected</em> event appears. Nothing was stored server-side, so logout is client-side only unless you pass <code>revoke</code>.</p>`}
</section>`;
}

/** Side column of the cookie page. */
export function cookieAside(view: CookiePageData): SafeHtml {
  return html`<div class="card">
  <h2>Deadlines inside the seal</h2>
  <dl class="panel">
    <dt>idle</dt><dd>${duration(view.idleTimeout)}<small>a seal older than this is refused; a read-only request re-seals after half of it</small></dd>
    <dt>absolute</dt><dd>${duration(view.absoluteTimeout)}<small>from the first seal (or regenerate()); re-sealing cannot extend it</small></dd>
    <dt>Max-Age</dt><dd>none here (<code>persistent: false</code>)<small>by default Max-Age is the time to the idle deadline, so the browser drops
      the cookie when the seal would be refused anyway; this demo keeps it so you can watch the <em>expired</em> event (try <code>SATCHEL_IDLE_MS=60000</code>; seals get 60 s of
      clock-skew allowance, <code>clockSkew</code>)</small></dd>
  </dl>
</div>`;
}
