import { html, json, type SafeHtml } from './html.js';

/** The tutorial page: every example of the classic sessions tutorial, one button each. */
export function homeMain(data: Record<string, unknown>, userName: string | null): SafeHtml {
  const keys = Object.keys(data).filter((key) => key !== 'cookie');
  return html`<h1>Store mode: <code>session()</code></h1>
<section>
  <h2>You are</h2>
  ${userName
    ? html`<p id="status">Logged in as <strong id="user-name">${userName}</strong>.</p>
      <form method="post" action="/logout" class="row"><button type="submit" id="logout">Log out</button>
      <span class="muted">destroys the record and clears the cookie; a copy of the old cookie is worthless afterwards</span></form>`
    : html`<p id="status">Anonymous. <a href="/login">Log in</a> with any name and the password <code>demo</code>.</p>`}
</section>
<section>
  <h2>The tutorial, step by step</h2>
  <p class="muted">Each button is a POST whose handler changes <code>req.session</code> and calls <code>res.redirect('/')</code>.
  satchel saves before the redirect leaves, so the page you land on already shows the change — no <code>save()</code> call, no race.</p>
  <ol class="steps">
    <li><form method="post" action="/tutorial/set"><button type="submit" id="step-set">Set name and primary skill</button></form>
      <code>req.session.name = 'Napoleon'; req.session['primary skill'] = 'Dancing'</code></li>
    <li><form method="post" action="/tutorial/push"><button type="submit" id="step-push">Push Baking to skills</button></form>
      <code>(req.session.skills ??= []).push('Baking')</code></li>
    <li><form method="post" action="/tutorial/rename"><button type="submit" id="step-rename">Change the name to Pedro</button></form>
      <code>req.session.name = 'Pedro'</code></li>
    <li><span>Delete a variable with its <em>delete</em> button below</span><code>delete req.session[key]</code></li>
    <li><form method="post" action="/tutorial/destroy"><button type="submit" class="danger" id="step-destroy">Destroy the session</button></form>
      <code>await req.session.destroy()</code></li>
  </ol>
</section>
<section>
  <h2>Variables in <code>req.session</code></h2>
  ${keys.length === 0
    ? html`<p class="muted" id="no-vars">None yet.</p>`
    : html`<table id="vars"><tr><th>key</th><th>value (JSON)</th><th></th></tr>
      ${keys.map(
        (key) => html`<tr><td class="mono">${key}</td><td class="mono" data-key="${key}">${JSON.stringify(data[key])}</td>
        <td><form method="post" action="/vars/delete" class="inline"><input type="hidden" name="key" value="${key}">
        <button type="submit" class="danger">delete</button></form></td></tr>`,
      )}</table>`}
  <form method="post" action="/vars" class="row">
    <input type="text" name="key" id="var-key" placeholder="key" required maxlength="40" aria-label="key">
    <input type="text" name="value" id="var-value" placeholder="value" maxlength="200" aria-label="value">
    <button type="submit" class="primary" id="set-var">Set</button>
  </form>
  <p class="muted">What the store holds for this session is exactly <code>JSON.stringify(req.session)</code>:</p>
  <pre id="session-json">${json(data)}</pre>
</section>`;
}
