import type { UserSessionInfo } from '../../src/index.js';
import { clock, html, type SafeHtml } from './html.js';

/** The login form. */
export function loginMain(userName: string | null): SafeHtml {
  return html`<h1>Log in</h1>
<section>
  ${userName ? html`<p>You are logged in as <strong>${userName}</strong>; logging in again rotates the id once more.</p>` : ''}
  <p class="muted">Any user name works; the password is <code>demo</code>. Try a second browser (or a private window) with the same name, then open <a href="/devices">Your devices</a>.</p>
  <form method="post" action="/login">
    <div class="row"><label>User name <input type="text" name="username" required maxlength="32" autocomplete="username" id="username"></label></div>
    <div class="row"><label>Password <input type="password" name="password" required autocomplete="current-password" id="password"></label></div>
    <div class="row"><label><input type="checkbox" name="remember" value="on"> Remember me for 7 days (<code>req.session.cookie.maxAge</code>)</label></div>
    <div class="row"><button type="submit" class="primary" id="login">Log in</button></div>
  </form>
</section>
<section>
  <h2>What happens</h2>
  <pre>await req.session.login(username, { keep: [...Object.keys(req.session)] });
req.session.user = { name: username };
res.redirect('/');</pre>
  <p><code>login()</code> gives the session a new id and destroys the old record (session fixation defence), binds it to
  the user so it can be listed and logged out from other devices, and carries over only the keys you name in <code>keep</code>.</p>
</section>`;
}

/** "Your devices": the user's live sessions, with "log out the others". */
export function devicesMain(userName: string, sessions: UserSessionInfo[]): SafeHtml {
  return html`<h1>Your devices</h1>
<section>
  <p>Sessions of <strong>${userName}</strong>, from <code>await req.session.listUserSessions()</code> — metadata only, never ids or data.</p>
  <table id="devices"><tr><th>device</th><th>signed in</th><th>last seen</th><th></th></tr>
  ${sessions.map(
    (s) => html`<tr class="${s.current ? 'current' : 'other'}"><td>${s.userAgent ?? 'unknown'}</td><td>${clock(s.createdAt)}</td>
      <td>${clock(s.lastSeenAt)}</td><td>${
        s.current
          ? html`<span class="tag store">this one</span>`
          : html`<form method="post" action="/devices/sign-out"><input type="hidden" name="key" value="${s.key}"><button type="submit" class="danger sign-out">Sign out</button></form>`
      }</td></tr>`,
  )}</table>
  <form method="post" action="/devices/logout-others" class="row">
    <button type="submit" class="danger" id="logout-others">Log out the others</button>
    <code>await req.session.destroyOtherSessions()</code>
  </form>
  <p class="muted">"Sign out" on one row: <code>await req.session.destroyUserSession(key)</code> with the <code>key</code> the list gave
  (only this user's own sessions can be ended that way).</p>
</section>`;
}
